/**
 * What a URL written in a mail would load, decided the way a browser parses it (the WHATWG URL parser:
 * stray spaces, tabs and newlines dropped, backslashes read as slashes, `http:host` read as
 * `http://host`). Every place that asks "is this remote content?" asks here, so the viewer's count of
 * blocked references and what the browser would fetch cannot disagree. Runs anywhere (no DOM, no Node).
 */

export type MailUrl =
  /** http(s) on another machine: loads only once the user allows remote content; `href` is normalised */
  | { kind: 'remote'; href: string }
  /** http(s) on this machine (localhost, 127.0.0.0/8, ::1, 0.0.0.0): a mail never gets to load it */
  | { kind: 'loopback'; href: string }
  /** bytes inside the URL itself; `mediaType` lower-case, e.g. "image/png" ("" when none is given) */
  | { kind: 'data'; href: string; mediaType: string }
  /** a part of the same message (RFC 2392); `contentId` as contentIdKey() writes it */
  | { kind: 'cid'; contentId: string }
  /** only a fragment (`#id`): in SVG and CSS a reference inside the mail itself */
  | { kind: 'fragment' }
  /** no scheme: it would resolve against the page showing the mail, which is the app */
  | { kind: 'relative' }
  /** any other scheme (javascript:, file:, blob:, ftp:, about:, mailto:, …), lower-case, without ':' */
  | { kind: 'other'; scheme: string };

/** Leading and trailing C0 controls and spaces, which the URL parser strips. */
// Control characters are exactly what this must match.
// eslint-disable-next-line no-control-regex
const EDGES = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;
/** Tabs and newlines, which the URL parser removes wherever they are, even inside the scheme. */
const TAB_OR_NEWLINE = /[\t\n\r]/g;
/** Two slashes or backslashes in any mix: the start of a scheme-relative URL for special schemes. */
const SCHEME_RELATIVE = /^[/\\]{2}/;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** Classifies one URL as written in a mail (attribute values already entity-decoded, CSS unescaped). */
export function classifyMailUrl(raw: string): MailUrl {
  const cleaned = raw.replace(EDGES, '').replace(TAB_OR_NEWLINE, '');
  const scheme = SCHEME.exec(cleaned)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    if (cleaned.startsWith('#')) return { kind: 'fragment' };
    // Against an https page `//host/x` is https://host/x; against the app it would be the app's own
    // scheme. Either way it leaves the machine, so it is remote, written out as https.
    if (SCHEME_RELATIVE.test(cleaned)) return network(`https:${cleaned}`) ?? { kind: 'relative' };
    return { kind: 'relative' };
  }
  if (scheme === 'http' || scheme === 'https') {
    // `http:` with no host is relative to a page of the same scheme: the app itself.
    return network(cleaned) ?? { kind: 'relative' };
  }
  if (scheme === 'cid') return { kind: 'cid', contentId: contentIdKey(percentDecoded(cleaned.slice(4))) };
  if (scheme === 'data') {
    const mediaType = /^data:([^;,]*)/i.exec(cleaned)?.[1]?.trim().toLowerCase() ?? '';
    return { kind: 'data', href: cleaned, mediaType };
  }
  return { kind: 'other', scheme };
}

/** A Content-ID as a lookup key: angle brackets and spaces off, case folded (mailers disagree on case). */
export function contentIdKey(contentId: string): string {
  return contentId
    .trim()
    .replace(/^<\s*|\s*>$/g, '')
    .toLowerCase();
}

function network(url: string): MailUrl | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.hostname === '') return null;
  return isLoopbackHost(parsed.hostname)
    ? { kind: 'loopback', href: parsed.href }
    : { kind: 'remote', href: parsed.href };
}

/**
 * A host name the URL parser has already normalised (IPv4 in dotted decimal, IPv6 compressed in
 * brackets) that reaches this machine.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (/^127\.\d+\.\d+\.\d+$/.test(host) || host === '0.0.0.0') return true;
  // ::1, ::, and IPv4-mapped loopback (::ffff:127.x.y.z, which the parser writes as ::ffff:7fxx:yyzz).
  return host === '[::1]' || host === '[::]' || /^\[::ffff:(?:7f[0-9a-f]{2}:[0-9a-f]{1,4}|0:0)\]$/.test(host);
}

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

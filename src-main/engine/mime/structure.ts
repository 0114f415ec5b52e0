/**
 * Objective structural defects that make a message unparseable as MIME, found without decoding it.
 * MIME parsers are lenient by design and will "parse" anything, so a broken multipart would otherwise
 * slip into the archive looking like an empty message. Such messages are stored raw and flagged.
 */
export function findStructuralDefect(raw: Uint8Array): string | null {
  const headerEnd = findHeaderEnd(raw);
  const headerText = Buffer.from(raw.buffer, raw.byteOffset, headerEnd.index).toString('latin1');
  const contentType = headerValue(headerText, 'content-type');
  if (contentType === null || !/^\s*multipart\//i.test(contentType)) return null;
  const boundary = parameter(contentType, 'boundary');
  if (boundary === null || boundary === '') return 'multipart message without a boundary parameter';
  const body = Buffer.from(
    raw.buffer,
    raw.byteOffset + headerEnd.bodyStart,
    raw.byteLength - headerEnd.bodyStart,
  );
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  let at = body.indexOf(delimiter);
  while (at !== -1) {
    // RFC 2046 5.1.1: the delimiter must start a line.
    if (at === 0 || body[at - 1] === 0x0a) return null;
    at = body.indexOf(delimiter, at + 1);
  }
  return `multipart boundary "${boundary}" never appears in the body`;
}

export function findHeaderEnd(raw: Uint8Array): { index: number; bodyStart: number } {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { index: crlf, bodyStart: crlf + 4 };
  if (lf !== -1) return { index: lf, bodyStart: lf + 2 };
  return { index: bytes.length, bodyStart: bytes.length };
}

/** The unfolded value of the first header of that name (case-insensitive), or null. */
export function headerValue(headerText: string, name: string): string | null {
  const unfolded = headerText.replace(/\r?\n[ \t]+/g, ' ');
  const prefix = `${name.toLowerCase()}:`;
  for (const line of unfolded.split(/\r?\n/)) {
    if (line.toLowerCase().startsWith(prefix)) return line.slice(prefix.length).trim();
  }
  return null;
}

function parameter(headerValueText: string, name: string): string | null {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(headerValueText);
  if (!match) return null;
  return match[1] ?? match[2] ?? null;
}

/** Bytes of text kept from a message whose MIME could not be parsed, so its words stay searchable. */
const RAW_TEXT_LIMIT = 200_000;

/** The body of an unparseable message as text, undecoded (UTF-8, invalid bytes replaced). */
export function rawBodyText(raw: Uint8Array): string {
  const { bodyStart } = findHeaderEnd(raw);
  const end = Math.min(raw.byteLength, bodyStart + RAW_TEXT_LIMIT);
  return Buffer.from(raw.buffer, raw.byteOffset + bodyStart, end - bodyStart).toString('utf8');
}

/**
 * Encoders the corpus needs to write mail the way real clients do: legacy charsets, quoted-printable,
 * base64, RFC 2047 encoded-words, RFC 2231 parameters and RFC 5322 dates. Legacy charset tables are
 * derived from the WHATWG decoders in Node's ICU so no tables are hand-copied.
 */

export type Charset = 'utf-8' | 'iso-8859-1' | 'windows-1252' | 'koi8-r' | 'shift_jis' | 'iso-2022-jp';

/** Reverse table char -> bytes, built by decoding every candidate byte sequence once. */
function buildTable(label: string, candidates: Iterable<Uint8Array>): Map<string, Uint8Array> {
  const decoder = new TextDecoder(label, { fatal: true });
  const table = new Map<string, Uint8Array>();
  for (const bytes of candidates) {
    let s: string;
    try {
      s = decoder.decode(bytes);
    } catch {
      continue;
    }
    // Keep the first (lowest) code for characters that have several.
    if (Array.from(s).length === 1 && !table.has(s)) table.set(s, bytes);
  }
  return table;
}

function* singleBytes(): Generator<Uint8Array> {
  for (let b = 0x80; b <= 0xff; b++) yield Uint8Array.of(b);
}

// Shift_JIS lead bytes restricted to JIS X 0208 rows so the same text also fits ISO-2022-JP.
function* sjisPairs(): Generator<Uint8Array> {
  for (let lead = 0x81; lead <= 0xea; lead++) {
    if (lead > 0x84 && lead < 0x88) continue;
    if (lead > 0x9f && lead < 0xe0) continue;
    for (let trail = 0x40; trail <= 0xfc; trail++) {
      if (trail !== 0x7f) yield Uint8Array.of(lead, trail);
    }
  }
}

function* jisPairs(): Generator<Uint8Array> {
  for (let j1 = 0x21; j1 <= 0x7e; j1++) {
    for (let j2 = 0x21; j2 <= 0x7e; j2++) yield Uint8Array.of(0x1b, 0x24, 0x42, j1, j2, 0x1b, 0x28, 0x42);
  }
}

const tables = new Map<string, Map<string, Uint8Array>>();
function table(label: 'windows-1252' | 'koi8-r' | 'shift_jis' | 'iso-2022-jp'): Map<string, Uint8Array> {
  let t = tables.get(label);
  if (!t) {
    if (label === 'shift_jis') t = buildTable(label, sjisPairs());
    else if (label === 'iso-2022-jp') {
      // Keep only the two JIS bytes between the escape sequences.
      t = new Map([...buildTable(label, jisPairs())].map(([ch, b]) => [ch, b.subarray(3, 5)]));
    } else t = buildTable(label, singleBytes());
    tables.set(label, t);
  }
  return t;
}

function unmappable(ch: string, charset: string): Error {
  return new Error(`corpus: U+${(ch.codePointAt(0) ?? 0).toString(16)} has no ${charset} encoding`);
}

/** Encode text in a charset; throws if a character cannot be represented (the corpus controls its text). */
export function encodeText(text: string, charset: Charset): Buffer {
  if (charset === 'utf-8') return Buffer.from(text, 'utf8');
  if (charset === 'iso-8859-1') {
    for (const ch of text) if (ch.charCodeAt(0) > 0xff) throw unmappable(ch, charset);
    return Buffer.from(text, 'latin1');
  }
  if (charset === 'iso-2022-jp') return encodeIso2022jp(text);
  const t = table(charset);
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else {
      const bytes = t.get(ch);
      if (!bytes) throw unmappable(ch, charset);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

// RFC 1468: switch with ESC $ B / ESC ( B, and every line (and every encoded-word) ends in ASCII mode.
function encodeIso2022jp(text: string): Buffer {
  const t = table('iso-2022-jp');
  const out: number[] = [];
  let jis = false;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) {
      if (jis) out.push(0x1b, 0x28, 0x42);
      jis = false;
      out.push(code);
    } else {
      const bytes = t.get(ch);
      if (!bytes) throw unmappable(ch, 'iso-2022-jp');
      if (!jis) out.push(0x1b, 0x24, 0x42);
      jis = true;
      out.push(...bytes);
    }
  }
  if (jis) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}

/** Base64 wrapped at 76 characters with CRLF, ending with CRLF (RFC 2045 §6.8). */
export function base64Lines(data: Buffer): string {
  const b64 = data.toString('base64');
  let out = '';
  for (let i = 0; i < b64.length; i += 76) out += b64.slice(i, i + 76) + '\r\n';
  return out;
}

const HEX = '0123456789ABCDEF';

/**
 * Quoted-printable (RFC 2045 §6.7) of bytes whose hard line breaks are CRLF. Soft breaks keep lines
 * within 76 characters; trailing white space is encoded so transports cannot strip it.
 */
export function quotedPrintable(data: Buffer): string {
  const parts: string[] = [];
  let line = '';
  const n = data.length;
  for (let i = 0; i < n; i++) {
    const b = data[i] ?? 0;
    if (b === 0x0d && data[i + 1] === 0x0a) {
      parts.push(line, '\r\n');
      line = '';
      i++;
      continue;
    }
    const atLineEnd = i + 1 === n || (data[i + 1] === 0x0d && data[i + 2] === 0x0a);
    let token: string;
    if ((b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !atLineEnd)) {
      token = String.fromCharCode(b);
    } else token = '=' + (HEX[b >> 4] ?? '') + (HEX[b & 15] ?? '');
    if (line.length + token.length > 75) {
      parts.push(line, '=\r\n');
      line = '';
    }
    line += token;
  }
  parts.push(line);
  return parts.join('');
}

/** RFC 2047 "Q" for use inside a phrase: only the safest characters stay literal. */
function qEncode(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) {
      s += String.fromCharCode(b);
    } else if (b === 0x20) s += '_';
    else if (b === 0x21 || b === 0x2a || b === 0x2b || b === 0x2d || b === 0x2f) s += String.fromCharCode(b);
    else s += '=' + (HEX[b >> 4] ?? '') + (HEX[b & 15] ?? '');
  }
  return s;
}

/**
 * Encode text as one or more RFC 2047 encoded-words of at most 75 characters each, split on character
 * boundaries (each word decodes on its own, which ISO-2022-JP needs). Words are joined by folding
 * white space, which decoders drop between adjacent encoded-words.
 */
export function encodedWords(text: string, charset: Charset, mode: 'B' | 'Q'): string {
  const label = charset.toUpperCase() === 'SHIFT_JIS' ? 'Shift_JIS' : charset.toUpperCase();
  const wrap = (chunk: string): string => {
    const bytes = encodeText(chunk, charset);
    const payload = mode === 'B' ? bytes.toString('base64') : qEncode(bytes);
    return `=?${label}?${mode}?${payload}?=`;
  };
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (chunk !== '' && wrap(chunk + ch).length > 75) {
      words.push(wrap(chunk));
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk !== '' || words.length === 0) words.push(wrap(chunk));
  return words.join('\r\n ');
}

/** Header text as a careful client writes it: ASCII stays literal, anything else becomes B words. */
export function headerText(text: string): string {
  return isAscii(text) ? text : encodedWords(text, 'utf-8', 'B');
}

export function isAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** A display name + address, e.g. `"Müller, Jürgen" <j@x>` written as RFC 2047, or raw 8-bit if asked. */
export function formatAddress(name: string, email: string, raw8bit = false): string {
  if (name === '') return email;
  let phrase: string;
  if (/^[A-Za-z0-9 !#$%&'*+\-/=?^_`{|}~]*$/.test(name)) phrase = name;
  else if (isAscii(name) || raw8bit) phrase = `"${name.replace(/(["\\])/g, '\\$1')}"`;
  else phrase = encodedWords(name, 'utf-8', 'Q');
  return `${phrase} <${email}>`;
}

/** RFC 2231 extended parameter value, split into numbered continuations when long. */
export function rfc2231Param(name: string, value: string): string {
  let enc = '';
  for (const b of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(b);
    enc += /[A-Za-z0-9!#$&+\-.^_`|~]/.test(c) ? c : '%' + (HEX[b >> 4] ?? '') + (HEX[b & 15] ?? '');
  }
  if (enc.length <= 60) return `${name}*=UTF-8''${enc}`;
  const pieces: string[] = [];
  let i = 0;
  for (let n = 0; i < enc.length; n++) {
    let end = Math.min(i + 48, enc.length);
    // Never split a %XX escape.
    if (enc[end - 1] === '%') end -= 1;
    else if (enc[end - 2] === '%') end -= 2;
    pieces.push(`${name}*${n}*=${n === 0 ? "UTF-8''" : ''}${enc.slice(i, end)}`);
    i = end;
  }
  return pieces.join(';\r\n ');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** RFC 5322 date-time in the given zone offset (minutes east of UTC). */
export function rfc5322Date(date: Date, offsetMinutes: number): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${DAYS[local.getUTCDay()] ?? ''}, ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()] ?? ''} ` +
    `${local.getUTCFullYear()} ${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}:` +
    `${pad2(local.getUTCSeconds())} ${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`
  );
}

/** Fold a header of space-separated tokens (References, To) so lines stay under 78 characters. */
export function foldTokens(name: string, tokens: readonly string[], separator = ' '): string {
  let out = `${name}:`;
  let lineLen = out.length;
  tokens.forEach((token, i) => {
    const piece = (i === 0 ? '' : separator.trimEnd()) + ' ' + token;
    if (i > 0 && lineLen + piece.length > 76) {
      out += separator.trimEnd() + '\r\n ' + token;
      lineLen = 1 + token.length;
    } else {
      out += i === 0 ? ' ' + token : piece;
      lineLen += i === 0 ? token.length + 1 : piece.length;
    }
  });
  return out;
}

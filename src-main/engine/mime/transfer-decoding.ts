export type TransferEncoding = 'base64' | 'quoted-printable' | 'identity';

/**
 * The Content-Transfer-Encoding a body is read with (RFC 2045 6). 7bit, 8bit, binary and anything unknown
 * pass through as they are, which keeps an undecodable body's words readable.
 */
export function transferEncodingOf(value: string | undefined): TransferEncoding {
  const token = /[\w-]+/.exec((value ?? '').replace(/\([^)]*\)/g, ''))?.[0]?.toLowerCase() ?? '';
  if (token === 'base64') return 'base64';
  if (token === 'quoted-printable') return 'quoted-printable';
  return 'identity';
}

/** The bytes a transfer-encoded body stands for. */
export function decodeTransfer(encoding: TransferEncoding, body: Buffer): Buffer {
  switch (encoding) {
    case 'base64':
      return decodeBase64(body.toString('latin1'));
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'identity':
      return body;
  }
}

/** Base64 bodies from this size on are measured by counting; smaller ones decode faster natively. */
const COUNT_BASE64_FROM = 256 * 1024;

/**
 * How many bytes decodeTransfer(encoding, body) gives. An attachment's size is all the archive keeps of
 * it, and decoding a 20 MB one to learn it held 40 MB at once (its text and its bytes): a big base64 body
 * is counted instead.
 */
export function decodedLength(encoding: TransferEncoding, body: Buffer): number {
  switch (encoding) {
    case 'base64':
      return body.byteLength < COUNT_BASE64_FROM
        ? decodeTransfer(encoding, body).byteLength
        : base64Length(body);
    case 'quoted-printable':
      return decodeQuotedPrintable(body).byteLength;
    case 'identity':
      return body.byteLength;
  }
}

const EQUALS = 0x3d;

/** Characters Node's base64 decoder reads (both alphabets); it skips every other one. */
const BASE64_CHAR = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_') {
  BASE64_CHAR[c.charCodeAt(0)] = 1;
}

/**
 * decodeBase64(body).byteLength: each unit between runs of padding gives 3 bytes per 4 characters read,
 * a partial group its whole bytes (a lone character none).
 */
export function base64Length(body: Buffer): number {
  let total = 0;
  let chars = 0;
  // An index loop: a Buffer's iterator is several times slower over megabytes.
  for (let i = 0; i < body.length; i++) {
    const byte = body[i] as number;
    if (byte === EQUALS) {
      total += Math.floor((chars * 3) / 4);
      chars = 0;
    } else chars += BASE64_CHAR[byte] as number;
  }
  return total + Math.floor((chars * 3) / 4);
}

const PADDING_TAIL = /^[=\s]*$/;

/**
 * Node's decoder skips line breaks and stray characters, as RFC 2045 6.8 asks of a reader, but stops at
 * the first padding. Some mailers pad every line, so padding before the end splits the text into units
 * that are decoded one by one.
 */
function decodeBase64(text: string): Buffer {
  const padding = text.indexOf('=');
  if (padding === -1 || PADDING_TAIL.test(text.slice(padding))) return Buffer.from(text, 'base64');
  return Buffer.concat(text.split(/=+/).map((unit) => Buffer.from(unit, 'base64')));
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * RFC 2045 6.7: `=XX` is a byte, `=` at the end of a line (blanks allowed before the break) is a soft line
 * break, and an `=` that is neither stays as it is. Runs without `=` are copied whole, since most of a
 * quoted-printable body is plain ASCII.
 */
export function decodeQuotedPrintable(body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(body.length);
  const n = body.length;
  let o = 0;
  let i = 0;
  while (i < n) {
    const eq = body.indexOf(EQUALS, i);
    const runEnd = eq === -1 ? n : eq;
    o += body.copy(out, o, i, runEnd);
    if (eq === -1) break;
    const high = hexValue(body[eq + 1]);
    const low = high === -1 ? -1 : hexValue(body[eq + 2]);
    if (low !== -1) {
      out[o++] = (high << 4) | low;
      i = eq + 3;
      continue;
    }
    let j = eq + 1;
    while (j < n && (body[j] === 0x20 || body[j] === 0x09)) j++;
    if (j >= n) break;
    if (body[j] === LF) i = j + 1;
    else if (body[j] === CR && body[j + 1] === LF) i = j + 2;
    else {
      out[o++] = EQUALS;
      i = eq + 1;
    }
  }
  return out.subarray(0, o);
}

/** The value of one hex digit's character code (either case), or -1 for anything else (NaN, undefined). */
export function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

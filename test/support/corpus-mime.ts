/**
 * Minimal MIME entity builder for the corpus. Every leaf body ends with CRLF, so the CRLF that RFC 2046
 * makes part of the next boundary delimiter is always present and parts keep their exact content.
 */
import type { Rng } from './prng.ts';
import { base64Lines, encodeText, quotedPrintable, rfc2231Param, type Charset } from './corpus-encode.ts';

export type Chunk = string | Buffer;

const NON_ASCII = /[\u0080-\uffff]/;

export interface Entity {
  /** Complete header fields (folded with CRLF + space where long), without the final CRLF. */
  headers: string[];
  /** Body pieces; strings are written as UTF-8. */
  body: Chunk[];
}

export type TransferEncoding = '7bit' | '8bit' | 'quoted-printable' | 'base64';

export function bodyBytes(text: string, charset: Charset, cte: TransferEncoding): Chunk {
  const withEnd = text.endsWith('\r\n') ? text : text + '\r\n';
  if (cte === 'quoted-printable') return quotedPrintable(encodeText(withEnd, charset)) + '\r\n';
  if (cte === 'base64') return base64Lines(encodeText(withEnd, charset));
  return charset === 'utf-8' ? withEnd : encodeText(withEnd, charset);
}

/** A text/plain or text/html leaf. */
export function textEntity(
  text: string,
  opts: { subtype?: 'plain' | 'html'; charset: Charset; cte: TransferEncoding; params?: string },
): Entity {
  const label = opts.charset === 'shift_jis' ? 'Shift_JIS' : opts.charset.toUpperCase();
  const charset = opts.charset === 'utf-8' ? (NON_ASCII.test(text) ? 'utf-8' : 'us-ascii') : `"${label}"`;
  const body = bodyBytes(text, opts.charset, opts.cte);
  // "7bit" is a promise about the bytes (RFC 2045 §2.7): fall back to 8bit when the text needs it.
  const cte = opts.cte === '7bit' && !isSevenBit(body) ? '8bit' : opts.cte;
  return {
    headers: [
      `Content-Type: text/${opts.subtype ?? 'plain'}; charset=${charset}${opts.params ?? ''}`,
      `Content-Transfer-Encoding: ${cte}`,
    ],
    body: [body],
  };
}

function isSevenBit(chunk: Chunk): boolean {
  if (typeof chunk === 'string') return !NON_ASCII.test(chunk);
  return chunk.every((b) => b < 0x80);
}

export function newBoundary(rng: Rng): string {
  return rng.pick(['----=_Part_', '=_mt_', '_000_', '--==_mimepart_']) + rng.hex(24);
}

/** A multipart entity; `boundary` in the header and in the body can differ only when the caller says so. */
export function multipart(
  rng: Rng,
  subtype: string,
  parts: readonly Entity[],
  opts: { preamble?: string; epilogue?: string; typeParams?: string; closeDelimiter?: boolean } = {},
): Entity {
  const boundary = newBoundary(rng);
  const body: Chunk[] = [];
  if (opts.preamble !== undefined) body.push(opts.preamble + '\r\n');
  for (const part of parts) {
    body.push(`--${boundary}\r\n`, part.headers.join('\r\n'), '\r\n\r\n', ...part.body);
  }
  if (opts.closeDelimiter !== false) body.push(`--${boundary}--\r\n`);
  if (opts.epilogue !== undefined) body.push(opts.epilogue + '\r\n');
  return {
    headers: [`Content-Type: multipart/${subtype};${opts.typeParams ?? ''}\r\n boundary="${boundary}"`],
    body,
  };
}

/** A base64 attachment; non-ASCII file names use RFC 2231 (or the common but non-standard RFC 2047 form). */
export function attachmentEntity(
  data: Buffer,
  mime: string,
  filename: string,
  style: 'ascii' | 'rfc2231' | 'rfc2047' = 'ascii',
  disposition: 'attachment' | 'inline' = 'attachment',
): Entity {
  let nameParam: string;
  let fileParam: string;
  if (style === 'rfc2231') {
    nameParam = rfc2231Param('name', filename);
    fileParam = rfc2231Param('filename', filename);
  } else if (style === 'rfc2047') {
    // What many webmailers do: an encoded-word inside a quoted string.
    const word = `=?UTF-8?B?${Buffer.from(filename, 'utf8').toString('base64')}?=`;
    nameParam = `name="${word}"`;
    fileParam = `filename="${word}"`;
  } else {
    nameParam = `name="${filename}"`;
    fileParam = `filename="${filename}"`;
  }
  return {
    headers: [
      `Content-Type: ${mime};\r\n ${nameParam}`,
      `Content-Disposition: ${disposition};\r\n ${fileParam}`,
      'Content-Transfer-Encoding: base64',
    ],
    body: [base64Lines(data)],
  };
}

const MAGIC: Record<string, Buffer> = {
  'application/pdf': Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n', 'latin1'),
  'image/png': Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
  'image/jpeg': Buffer.from('ffd8ffe000104a464946', 'hex'),
  'application/zip': Buffer.from('504b0304140000000800', 'hex'),
};

/** Pseudo-random file content that starts with the right magic number for its type. */
export function fakeFile(rng: Rng, mime: string, size: number): Buffer {
  const magic = MAGIC[mime] ?? Buffer.alloc(0);
  return Buffer.concat([magic, rng.bytes(Math.max(0, size - magic.length))]);
}

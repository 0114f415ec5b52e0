import { findHeaderBounds, firstField, readHeaderFields, type HeaderField } from './header-fields.ts';
import { parseStructuredField, type StructuredField } from './header-params.ts';
import { transferEncodingOf, type TransferEncoding } from './transfer-decoding.ts';

/** One MIME entity (RFC 2045 2.4): a whole message or one part of a multipart. */
export interface MimeEntity {
  fields: HeaderField[];
  /** Content-Type, lower case; text/plain when missing or unreadable (RFC 2045 5.2) */
  type: StructuredField;
  /** Content-Disposition, lower case; '' when missing */
  disposition: StructuredField;
  transferEncoding: TransferEncoding;
  /** the body still transfer-encoded: a view into the message, not a copy */
  body: Buffer;
  /** a multipart's parts in order; empty for anything else */
  parts: MimeEntity[];
}

/** Deeper multiparts are read as opaque bodies: real mail nests a handful of levels, hostile mail thousands. */
const MAX_DEPTH = 64;

/**
 * Parts read per message; the rest stay inside their multipart's body, unread. Real mail has dozens; a few
 * MB of bare delimiter lines would otherwise make a million entities (about 600 MB of heap).
 */
const MAX_PARTS = 10_000;

const NO_PARAMS: StructuredField = { value: '', params: new Map() };

/**
 * Reads the entity in `bytes[start, end)` and, for a multipart, its parts. Everything is found with
 * Buffer.indexOf over the bytes as they are: nothing is copied or decoded until a part's content is needed.
 */
export function readEntity(
  bytes: Buffer,
  start = 0,
  end = bytes.length,
  defaultType = 'text/plain',
  depth = 0,
  budget = { parts: MAX_PARTS },
): MimeEntity {
  const { headerEnd, bodyStart } = findHeaderBounds(bytes, start, end);
  const fields = readHeaderFields(bytes, start, headerEnd);
  const typeField = firstField(fields, 'content-type');
  const declared = typeField === undefined ? null : parseStructuredField(typeField);
  const type =
    declared && /^[^/\s]+\/[^/\s]+$/.test(declared.value)
      ? declared
      : { value: defaultType, params: declared?.params ?? new Map<string, string>() };
  const dispositionField = firstField(fields, 'content-disposition');
  const boundary = type.params.get('boundary');
  const partType = type.value === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
  const ranges =
    type.value.startsWith('multipart/') && boundary && depth < MAX_DEPTH
      ? findParts(bytes, bodyStart, end, boundary, budget.parts)
      : [];
  budget.parts -= ranges.length;
  const parts = ranges.map(([partStart, partEnd]) =>
    readEntity(bytes, partStart, partEnd, partType, depth + 1, budget),
  );
  return {
    fields,
    type,
    disposition: dispositionField === undefined ? NO_PARAMS : parseStructuredField(dispositionField),
    transferEncoding: transferEncodingOf(firstField(fields, 'content-transfer-encoding')),
    body: bytes.subarray(bodyStart, end),
    parts,
  };
}

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;

/**
 * The byte ranges of a multipart body's parts (RFC 2046 5.1.1). A delimiter is `--boundary` at the start of
 * a line, `--` after it closes the multipart, and only blanks may follow on its line; the line break before
 * a delimiter belongs to it. Preamble and epilogue are dropped. A multipart that is never closed runs to
 * the end of its body, so a truncated message keeps its last part. Parts after `maxParts` are not read.
 */
export function findParts(
  bytes: Buffer,
  start: number,
  end: number,
  boundary: string,
  maxParts = Infinity,
): [number, number][] {
  const body = bytes.subarray(start, end);
  const delimiter = Buffer.from(`--${boundary}`, 'utf8');
  const parts: [number, number][] = [];
  let partStart = -1;
  for (let at = body.indexOf(delimiter); at !== -1; at = body.indexOf(delimiter, at + 1)) {
    if (at > 0 && body[at - 1] !== LF) continue;
    let after = at + delimiter.length;
    const closing = body[after] === DASH && body[after + 1] === DASH;
    if (closing) after += 2;
    while (after < body.length && (body[after] === 0x20 || body[after] === 0x09)) after++;
    while (after < body.length && body[after] === CR) after++;
    let next: number;
    if (after >= body.length) next = body.length;
    else if (body[after] === LF) next = after + 1;
    else continue;
    if (partStart !== -1) parts.push([start + partStart, start + lineBreakStart(body, at, partStart)]);
    if (closing || parts.length >= maxParts) return parts;
    partStart = next;
  }
  if (partStart !== -1) parts.push([start + partStart, end]);
  return parts;
}

/** Where the line break that ends at `at` starts (never before `floor`). */
function lineBreakStart(body: Buffer, at: number, floor: number): number {
  let end = at;
  if (end > floor && body[end - 1] === LF) end--;
  while (end > floor && body[end - 1] === CR) end--;
  return end;
}

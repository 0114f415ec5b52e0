/** One header field: its name in lower case and its value unfolded (RFC 5322 2.2.3), trimmed. */
export interface HeaderField {
  name: string;
  value: string;
}

/** Where a header block ends and its body starts, as byte offsets. */
export interface HeaderBounds {
  headerEnd: number;
  bodyStart: number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * The end of the header block of the entity in `bytes[start, end)`: the first empty line, CRLF or bare LF.
 * An entity without an empty line is all header; one that starts with an empty line has no header.
 */
export function findHeaderBounds(bytes: Uint8Array, start: number, end: number): HeaderBounds {
  let lineStart = start;
  while (lineStart < end) {
    // CRs before the LF count as part of the line break: mail converted to CRLF twice ends lines in CR CR LF.
    let lf = lineStart;
    while (lf < end && bytes[lf] === CR) lf++;
    if (lf < end && bytes[lf] === LF) return { headerEnd: lineStart, bodyStart: lf + 1 };
    const next = bytes.indexOf(LF, lineStart);
    if (next === -1 || next >= end) break;
    lineStart = next + 1;
  }
  return { headerEnd: end, bodyStart: end };
}

// UTF-8 as RFC 6532 allows, and what mail in the wild mostly means by 8-bit header bytes. ignoreBOM keeps a
// U+FEFF at the start of the block as a character, so it cannot hide the first field's name.
const headerDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The fields of a header block, in order. Lines without a colon are not fields and are skipped. */
export function readHeaderFields(bytes: Uint8Array, start: number, end: number): HeaderField[] {
  const text = headerDecoder.decode(bytes.subarray(start, end));
  const fields: HeaderField[] = [];
  let pending: string | null = null;
  const flush = (): void => {
    if (pending === null) return;
    const colon = pending.indexOf(':');
    if (colon > 0) {
      fields.push({
        name: trimWsp(pending.slice(0, colon)).toLowerCase(),
        // A bare CR inside a value is not a line break a reader would honour; it becomes a space.
        value: trimWsp(pending.slice(colon + 1).replaceAll('\r', ' ')),
      });
    }
    pending = null;
  };
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    // Only SP and HTAB continue a field (RFC 5322 2.2.3); unfolding drops the line break, keeps the blank.
    const first = line.charCodeAt(0);
    if (pending !== null && (first === 0x20 || first === 0x09)) {
      pending += line;
      continue;
    }
    flush();
    pending = line;
  }
  flush();
  return fields;
}

/** The value of the first field of that name (lower case), or undefined. */
export function firstField(fields: readonly HeaderField[], name: string): string | undefined {
  for (const field of fields) if (field.name === name) return field.value;
  return undefined;
}

/**
 * Trims only SP and HTAB, the blanks RFC 5322 allows around a field. String.prototype.trim would also eat
 * U+00A0 and U+FEFF, turning a line a strict reader rejects into a field name that counts.
 */
export function trimWsp(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWsp(text.charCodeAt(start))) start++;
  while (end > start && isWsp(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isWsp(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

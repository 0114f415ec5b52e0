/** Parsing of the values of before:/after: and larger:/smaller:, with errors that say what was expected. */
import { queryError } from './query-lexer.ts';

/** YYYY, YYYY-MM or YYYY-MM-DD; '/' is accepted too because Gmail writes after:2004/04/16. */
const DATE = /^(\d{4})(?:([-/])(\d{1,2})(?:\2(\d{1,2}))?)?$/;

/**
 * Start of the given year, month or day in UTC, as epoch milliseconds. after:X keeps dates >= this,
 * before:X dates < this, so after:2024 includes all of 2024 and before:2024-06 ends with May 31.
 */
export function parseDateStart(value: string, field: 'before' | 'after', pos: number): number {
  const match = DATE.exec(value);
  const year = Number(match?.[1]);
  const month = match?.[3] === undefined ? 1 : Number(match[3]);
  const day = match?.[4] === undefined ? 1 : Number(match[4]);
  const date = new Date(0);
  // setUTCFullYear rather than Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  const valid =
    match !== null &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  if (!valid) {
    throw queryError(
      `Invalid date "${value}" for ${field}: at position ${pos}: expected YYYY, YYYY-MM or YYYY-MM-DD ` +
        `(e.g. ${field}:2024-06-30).`,
    );
  }
  return date.getTime();
}

const SIZE = /^(\d+(?:\.\d+)?)([kmg]?)b?$/i;
const UNIT: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Bytes with an optional k/M/G suffix (binary: 1k = 1024), case-insensitive, "kb"/"MB" also accepted. */
export function parseSize(value: string, field: 'larger' | 'smaller', pos: number): number {
  const match = SIZE.exec(value);
  const unit = UNIT[(match?.[2] ?? '').toLowerCase()];
  const exact = match === null || unit === undefined ? Number.NaN : Number(match[1]) * unit;
  // Sizes are whole bytes, so rounding the bound outward keeps the comparison exact: larger:0.1k
  // (102.4 bytes) means size > 102, smaller:0.1k means size < 103.
  const bytes = field === 'larger' ? Math.floor(exact) : Math.ceil(exact);
  if (!Number.isSafeInteger(bytes)) {
    throw queryError(
      `Invalid size "${value}" for ${field}: at position ${pos}: expected a number of bytes with an ` +
        `optional k, M or G suffix (e.g. ${field}:10k or ${field}:2M).`,
    );
  }
  return bytes;
}

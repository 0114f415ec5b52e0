/**
 * Dates a sane sender or server could have written: a Date header outside falls back to INTERNALDATE, an
 * INTERNALDATE outside (imap/server-values.ts) to the Date header.
 */
export const PLAUSIBLE_DATES = { earliest: Date.UTC(1970, 0, 2), latest: Date.UTC(2100, 0, 1) };
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_MONTH_YEAR = /\b(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+(\d{2,4})\b/i;

/**
 * A Date header value in ms since the epoch, or null when it is missing, unparseable, out of range, or names
 * a day that does not exist: JavaScript would silently turn "31 Feb" into 3 March.
 */
export function parseDateHeader(value: string | undefined): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ms < PLAUSIBLE_DATES.earliest || ms > PLAUSIBLE_DATES.latest) return null;
  const parts = DAY_MONTH_YEAR.exec(value);
  if (parts) {
    const day = Number(parts[1]);
    const month = MONTHS.indexOf((parts[2] ?? '').toLowerCase());
    let year = Number(parts[3]);
    // RFC 5322 4.3: two-digit years 00-49 are 2000-2049, 50-99 are 1950-1999.
    if (year < 100) year += year < 50 ? 2000 : 1900;
    const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    if (day < 1 || day > daysInMonth) return null;
  }
  return ms;
}

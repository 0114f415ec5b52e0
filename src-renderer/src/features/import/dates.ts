/** Date range presets and checks. Days are local calendar days as YYYY-MM-DD (IMAP SEARCH uses dates). */
import type { DateRange } from '../../../../src-shared/domain.ts';

export type RangePreset = 'week' | 'month' | 'year' | 'all';

export const RANGE_PRESETS: readonly { id: RangePreset; label: string }[] = [
  { id: 'week', label: 'Last 7 days' },
  { id: 'month', label: 'Last 30 days' },
  { id: 'year', label: 'Last year' },
  { id: 'all', label: 'Everything' },
];

const PRESET_DAYS: Record<Exclude<RangePreset, 'all'>, number> = { week: 7, month: 30, year: 365 };

/** A local calendar day as YYYY-MM-DD (toISOString would give the UTC day, off by one near midnight). */
export function formatDay(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `days` calendar days before `today`; setDate keeps it right across daylight-saving changes. */
export function daysBefore(today: Date, days: number): string {
  const date = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  date.setDate(date.getDate() - days);
  return formatDay(date);
}

/** The range a preset stands for, ending open (no `before`) so today's mail is included. */
export function presetRange(preset: RangePreset, today: Date): DateRange {
  if (preset === 'all') return { since: null, before: null };
  return { since: daysBefore(today, PRESET_DAYS[preset]), before: null };
}

/** Which preset a range matches, if any, so the preset buttons can show it as chosen. */
export function matchingPreset(range: DateRange, today: Date): RangePreset | null {
  const found = RANGE_PRESETS.find(({ id }) => {
    const candidate = presetRange(id, today);
    return candidate.since === range.since && candidate.before === range.before;
  });
  return found?.id ?? null;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day in YYYY-MM-DD form (rejects 2024-02-30). */
export function isValidDay(value: string): boolean {
  const match = DAY.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
}

/** Why a range cannot be imported, in words for the form; null when it is fine. */
export function rangeProblem(range: DateRange): string | null {
  if (range.since !== null && !isValidDay(range.since)) return 'The "since" date is not a valid date.';
  if (range.before !== null && !isValidDay(range.before)) return 'The "before" date is not a valid date.';
  // Same-format days compare correctly as strings.
  if (range.since !== null && range.before !== null && range.since >= range.before) {
    return 'The "before" date must be after the "since" date (since is inclusive, before is exclusive).';
  }
  return null;
}

import type { DateRange } from '../../../src-shared/domain.ts';
import { MailtroveError } from '../errors.ts';

const DAY_MS = 86_400_000;

/** Validates a calendar day written YYYY-MM-DD (rejects 2024-02-30 and friends). */
export function parseDay(value: string, flag: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(`${value}T00:00:00Z`) : null;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new MailtroveError('usage', `${flag} expects a date written YYYY-MM-DD, got "${value}".`);
  }
  return value;
}

/** The 365 days up to and including today (UTC): "import last year". */
export function lastYearRange(today: Date): DateRange {
  const start = new Date(
    Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - 365 * DAY_MS,
  );
  return { since: start.toISOString().slice(0, 10), before: null };
}

/** Builds the range from the user's flags; --last-year excludes --since/--before. */
export function resolveRange(
  input: { since?: string; before?: string; lastYear?: boolean },
  today: Date,
): DateRange {
  if (input.lastYear) {
    if (input.since !== undefined || input.before !== undefined) {
      throw new MailtroveError('usage', '--last-year cannot be combined with --since or --before.');
    }
    return lastYearRange(today);
  }
  const since = input.since !== undefined ? parseDay(input.since, '--since') : null;
  const before = input.before !== undefined ? parseDay(input.before, '--before') : null;
  if (since !== null && before !== null && since >= before) {
    throw new MailtroveError('usage', `--since ${since} must be earlier than --before ${before}.`);
  }
  return { since, before };
}

/** Does a scan of `covered` include every message that `wanted` asks for? */
export function rangeCovers(covered: DateRange, wanted: DateRange): boolean {
  const sinceOk = covered.since === null || (wanted.since !== null && wanted.since >= covered.since);
  const beforeOk = covered.before === null || (wanted.before !== null && wanted.before <= covered.before);
  return sinceOk && beforeOk;
}

export { describeRange } from '../../../src-shared/domain.ts';

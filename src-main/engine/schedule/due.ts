import type { ScheduleEvery } from '../../../src-shared/ipc/contract.ts';

export type Intervals = Readonly<Record<Exclude<ScheduleEvery, 'off'>, number>>;

const HOUR_MS = 3_600_000;

export const DEFAULT_INTERVALS: Intervals = {
  hourly: HOUR_MS,
  daily: 24 * HOUR_MS,
  weekly: 7 * 24 * HOUR_MS,
};

/**
 * When the account's next scheduled run is due (epoch ms), or null when it has no schedule. An account
 * never imported is due at once; a due time in the past is a missed run, caught up by one run however
 * many were missed.
 */
export function nextDue(
  every: ScheduleEvery,
  lastRunAt: number | null,
  now: number,
  intervals: Intervals = DEFAULT_INTERVALS,
): number | null {
  if (every === 'off') return null;
  if (lastRunAt === null) return now;
  return lastRunAt + intervals[every];
}

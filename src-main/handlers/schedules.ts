import path from 'node:path';
import type { ScheduleView } from '../../src-shared/ipc/contract.ts';
import { getAccount } from '../engine/archive/accounts-repo.ts';
import { resolveArchiveFile } from '../engine/archive/open.ts';
import { DEFAULT_INTERVALS, type Intervals } from '../engine/schedule/due.ts';
import { createScheduleStore, type ScheduleStore } from '../engine/schedule/schedule-store.ts';
import type { HandlerDeps, HandlerTable } from './types.ts';

export type ScheduleChannel = 'schedule:get' | 'schedule:set';

/** The archive's schedule file, beside the database. */
export function scheduleStoreFor(archivePath: string): ScheduleStore {
  return createScheduleStore(path.dirname(resolveArchiveFile(archivePath)));
}

export function scheduleHandlers(deps: HandlerDeps): HandlerTable<ScheduleChannel> {
  const store = scheduleStoreFor(deps.archivePath);
  const view = (account: string): ScheduleView => {
    const jobs = deps.jobs.list(account);
    const lastRunAt = jobs.length === 0 ? null : Math.max(...jobs.map((j) => j.createdAt));
    return {
      account,
      every: store.get(account),
      lastRunAt,
      nextRunAt: deps.scheduler?.nextRunAt(account) ?? null,
    };
  };
  return {
    'schedule:get': ({ account }) => view(getAccount(deps.db, account).name),
    'schedule:set': ({ account, every }) => {
      const name = getAccount(deps.db, account).name;
      store.set(name, every);
      // A schedule switched on for an account not imported for longer than its interval runs now.
      void deps.scheduler?.tick();
      return view(name);
    },
  };
}

/**
 * The schedule's timing. MAILTROVE_TEST_SCHEDULE_HOUR_MS (tests only) shortens the hour, and the daily and
 * weekly periods with it, so a real scheduled run can be seen in a test.
 */
export function scheduleTiming(): { intervals: Intervals; tickMs: number } {
  const hour = process.env['MAILTROVE_TEST_SCHEDULE_HOUR_MS'];
  if (hour === undefined || !/^\d+$/.test(hour)) return { intervals: DEFAULT_INTERVALS, tickMs: 30_000 };
  const ms = Number(hour);
  return { intervals: { hourly: ms, daily: 24 * ms, weekly: 168 * ms }, tickMs: Math.max(100, ms / 10) };
}

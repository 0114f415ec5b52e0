import type { ScheduleView } from '../../src-shared/ipc/contract.ts';
import {
  archiveDirectory,
  createScheduleStore,
  DEFAULT_INTERVALS,
  type Engine,
  type Intervals,
  type ScheduleStore,
} from '../engine/api/index.ts';
import type { HandlerDeps, HandlerTable } from './types.ts';

export type ScheduleChannel = 'schedule:get' | 'schedule:set';

/** The archive's schedule file, beside the database. */
export function scheduleStoreFor(archivePath: string): ScheduleStore {
  return createScheduleStore(archiveDirectory(archivePath));
}

export function scheduleHandlers(deps: HandlerDeps, engine: Engine): HandlerTable<ScheduleChannel> {
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
    'schedule:get': ({ account }) => view(engine.accounts.get(account).name),
    'schedule:set': ({ account, every }) => {
      const name = engine.accounts.get(account).name;
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

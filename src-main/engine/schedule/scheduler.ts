import type { ScheduleEvery } from '../../../src-shared/ipc/contract.ts';
import { defaultImportOptions, type ImportOptions, type JobInfo } from '../../../src-shared/domain.ts';
import type { JobManager } from '../jobs/types.ts';
import { DEFAULT_INTERVALS, nextDue, type Intervals } from './due.ts';

/** Time for the scheduler: the real one, or a test's. */
export interface Clock {
  now(): number;
  /** calls `fn` every `ms` until the returned function is called */
  every(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    // A schedule never keeps a process alive on its own.
    timer.unref();
    return () => {
      clearInterval(timer);
    };
  },
};

export interface SchedulerDeps {
  jobs: Pick<JobManager, 'start' | 'list' | 'settled'>;
  /** every account's schedule, read at each tick (another process may have changed it) */
  schedules: () => Record<string, ScheduleEvery>;
  clock?: Clock;
  intervals?: Intervals;
  /** how often to look for due accounts */
  tickMs?: number;
  /** a scheduled run could not start (no password, server down); the next one tries again */
  onError?: (account: string, error: unknown) => void;
}

export interface Scheduler {
  /** starts the runs that are due now; resolves with the accounts it started */
  tick(): Promise<string[]>;
  /** when the account's next scheduled run is due (epoch ms), or null when it is off */
  nextRunAt(account: string): number | null;
  /** looks every tickMs, first at once: a run missed while the process was closed is caught up */
  start(): void;
  /** no new runs; those running go on (the job manager's close stops them) */
  stop(): void;
}

/**
 * Jobs in these states are a run of the account going on now, here or in another process, or about to go
 * on: a queued job is resumed when the process starts (resumeInterrupted).
 */
const ACTIVE: readonly JobInfo['state'][] = ['queued', 'running', 'waiting'];

/** Starts each account's top-up when its schedule says so, never while a run of that account is going on. */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const clock = deps.clock ?? systemClock;
  const intervals = deps.intervals ?? DEFAULT_INTERVALS;
  const ours = new Set<string>();
  let cancel: (() => void) | null = null;
  let stopped = false;
  let ticking: Promise<string[]> | null = null;

  const lastRunAt = (jobs: JobInfo[]): number | null =>
    jobs.length === 0 ? null : Math.max(...jobs.map((j) => j.createdAt));

  const due = (account: string, every: ScheduleEvery, now: number): boolean => {
    if (ours.has(account)) return false;
    const jobs = deps.jobs.list(account);
    if (jobs.some((j) => ACTIVE.includes(j.state))) return false;
    const at = nextDue(every, lastRunAt(jobs), now, intervals);
    return at !== null && at <= now;
  };

  const launch = async (account: string): Promise<boolean> => {
    ours.add(account);
    try {
      const job = await deps.jobs.start(account, topUpOptions(deps.jobs.list(account)));
      void deps.jobs
        .settled(job.id)
        .catch(() => undefined)
        .finally(() => ours.delete(account));
      return true;
    } catch (error) {
      // The manager refuses a second run of a live account; anything else is the run's own failure.
      ours.delete(account);
      deps.onError?.(account, error);
      return false;
    }
  };

  const tick = async (): Promise<string[]> => {
    const now = clock.now();
    const started: string[] = [];
    for (const [account, every] of Object.entries(deps.schedules())) {
      let isDue: boolean;
      try {
        isDue = due(account, every, now);
      } catch (error) {
        // an account removed since its schedule was set
        deps.onError?.(account, error);
        continue;
      }
      // A tick under way when the process closes starts nothing more.
      if (isDue && !stopped && (await launch(account))) started.push(account);
    }
    return started;
  };

  // One tick at a time: a slow login must not let the next tick start the same account again.
  const serialTick = (): Promise<string[]> => {
    ticking = (ticking ?? Promise.resolve([])).then(tick, tick);
    return ticking;
  };

  return {
    tick: serialTick,
    nextRunAt(account) {
      const every = deps.schedules()[account] ?? 'off';
      return nextDue(every, lastRunAt(deps.jobs.list(account)), clock.now(), intervals);
    },
    start() {
      if (cancel !== null) return;
      stopped = false;
      const run = (): void => {
        void serialTick();
      };
      cancel = clock.every(deps.tickMs ?? 30_000, run);
      run();
    },
    stop() {
      stopped = true;
      cancel?.();
      cancel = null;
    },
  };
}

/** A scheduled run takes the folders of the account's last import, over all dates: a top-up. */
export function topUpOptions(jobs: JobInfo[]): ImportOptions {
  const last = jobs.find((j) => !j.retryFailed);
  const base = defaultImportOptions();
  if (!last) return base;
  const { folders, exclude, batchSize, limits } = last.options;
  return { ...base, folders, exclude, batchSize, ...(limits === undefined ? {} : { limits }) };
}

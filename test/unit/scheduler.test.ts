import { describe, expect, it } from 'vitest';
import type { ScheduleEvery } from '../../src-shared/ipc/contract.ts';
import { defaultImportOptions, type ImportOptions, type JobInfo } from '../../src-shared/domain.ts';
import { DEFAULT_INTERVALS, nextDue } from '../../src-main/engine/schedule/due.ts';
import { createScheduler, type Clock } from '../../src-main/engine/schedule/scheduler.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-12-02T08:00:00Z');

/** A clock that moves only when the test says so, firing the timers it passes. */
function fakeClock(start: number): Clock & { advance(ms: number): void; timers: number } {
  let now = start;
  const timers = new Set<{ ms: number; next: number; fn: () => void }>();
  return {
    now: () => now,
    every(ms, fn) {
      const timer = { ms, next: now + ms, fn };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const next = [...timers].sort((a, b) => a.next - b.next)[0];
        if (!next || next.next > end) break;
        now = next.next;
        next.next += next.ms;
        next.fn();
      }
      now = end;
    },
    get timers() {
      return timers.size;
    },
  };
}

/** A job manager with in-memory jobs: each start creates a running job that ends when the test says. */
function fakeJobs(clock: Clock) {
  const jobs: JobInfo[] = [];
  const endings = new Map<number, () => void>();
  const job = (account: string, state: JobInfo['state'], createdAt: number, options: ImportOptions) => {
    const info: JobInfo = {
      id: jobs.length + 1,
      account,
      state,
      waitingReason: null,
      waitingUntil: null,
      options,
      retryFailed: false,
      summary: null,
      error: null,
      createdAt,
      updatedAt: createdAt,
    };
    jobs.unshift(info);
    return info;
  };
  const starts: { account: string; options: ImportOptions; at: number }[] = [];
  return {
    jobs,
    job,
    starts,
    finish(account: string) {
      for (const j of jobs.filter((x) => x.account === account && x.state === 'running')) {
        j.state = 'completed';
        endings.get(j.id)?.();
      }
    },
    manager: {
      start(account: string, options: ImportOptions) {
        starts.push({ account, options, at: clock.now() });
        const started = job(account, 'running', clock.now(), options);
        return Promise.resolve(started);
      },
      list: (account?: string) => jobs.filter((j) => account === undefined || j.account === account),
      settled: (jobId: number) =>
        new Promise<JobInfo>((resolve) => {
          endings.set(jobId, () => {
            resolve(jobs.find((j) => j.id === jobId) as JobInfo);
          });
        }),
    },
  };
}

function setup(schedules: Record<string, ScheduleEvery>) {
  const clock = fakeClock(T0);
  const fake = fakeJobs(clock);
  const scheduler = createScheduler({
    jobs: fake.manager,
    schedules: () => schedules,
    clock,
    tickMs: 60_000,
  });
  return { clock, fake, scheduler };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('next due time', () => {
  it('is now for an account never imported, one interval after the last run otherwise, none when off', () => {
    expect(nextDue('daily', null, T0)).toBe(T0);
    expect(nextDue('hourly', T0, T0)).toBe(T0 + HOUR);
    expect(nextDue('weekly', T0, T0)).toBe(T0 + DEFAULT_INTERVALS.weekly);
    expect(nextDue('off', T0, T0)).toBeNull();
  });
});

describe('scheduler', () => {
  it('starts a run when it is due, and not before', async () => {
    const { clock, fake, scheduler } = setup({ work: 'hourly' });
    fake.job('work', 'completed', T0, defaultImportOptions());
    scheduler.start();
    await flush();
    expect(fake.starts).toHaveLength(0);
    clock.advance(HOUR - 60_000);
    await flush();
    expect(fake.starts).toHaveLength(0);
    clock.advance(60_000);
    await flush();
    expect(fake.starts.map((s) => [s.account, s.at])).toEqual([['work', T0 + HOUR]]);
    expect(scheduler.nextRunAt('work')).toBe(T0 + 2 * HOUR);
    scheduler.stop();
    expect(clock.timers).toBe(0);
  });

  it('catches up a run missed while closed with one run at start', async () => {
    const { clock, fake, scheduler } = setup({ work: 'daily', home: 'off' });
    // The last run three days ago; the process was closed since.
    fake.job('work', 'completed', T0 - 3 * DEFAULT_INTERVALS.daily, defaultImportOptions());
    fake.job('home', 'completed', T0 - 3 * DEFAULT_INTERVALS.daily, defaultImportOptions());
    scheduler.start();
    await flush();
    expect(fake.starts.map((s) => s.account)).toEqual(['work']);
    fake.finish('work');
    clock.advance(HOUR);
    await flush();
    expect(fake.starts).toHaveLength(1);
    scheduler.stop();
  });

  it('never starts a second run of an account while one is going on', async () => {
    const { clock, fake, scheduler } = setup({ work: 'hourly', home: 'hourly' });
    // A run of "home" going on (started by the user, or another process): the schedule waits for it.
    fake.job('home', 'running', T0 - 2 * HOUR, defaultImportOptions());
    scheduler.start();
    await flush();
    expect(fake.starts.map((s) => s.account)).toEqual(['work']);
    // Its own run of "work" takes three hours: the ticks in between start nothing.
    clock.advance(3 * HOUR);
    await flush();
    expect(fake.starts.map((s) => s.account)).toEqual(['work']);
    fake.finish('work');
    fake.finish('home');
    await flush();
    clock.advance(60_000);
    await flush();
    expect(fake.starts.map((s) => s.account).sort()).toEqual(['home', 'work', 'work']);
    scheduler.stop();
  });

  it('starts nothing once stopped, even from a tick already asked for', async () => {
    const { fake, scheduler } = setup({ work: 'hourly' });
    scheduler.start();
    scheduler.stop();
    await scheduler.tick();
    expect(fake.starts).toHaveLength(0);
  });

  it('tops up with the folders of the last import, over all dates', async () => {
    const { fake, scheduler } = setup({ work: 'weekly' });
    fake.job('work', 'completed', T0 - DEFAULT_INTERVALS.weekly, {
      ...defaultImportOptions(),
      folders: ['INBOX'],
      range: { since: '2020-01-01', before: '2021-01-01' },
      maxMessages: 10,
    });
    await scheduler.tick();
    expect(fake.starts[0]?.options).toMatchObject({
      folders: ['INBOX'],
      range: { since: null, before: null },
      maxMessages: null,
    });
  });

  it('a run that cannot start is retried at the next due time, not at every tick', async () => {
    const { clock, fake, scheduler } = setup({ work: 'hourly' });
    const errors: string[] = [];
    const failing = createScheduler({
      jobs: {
        ...fake.manager,
        start: (account: string) => {
          // like the manager: the job is recorded as failed, then the start rejects
          fake.job(account, 'failed', clock.now(), defaultImportOptions());
          return Promise.reject(new Error('no password'));
        },
      },
      schedules: () => ({ work: 'hourly' }),
      clock,
      tickMs: 60_000,
      onError: (account) => errors.push(account),
    });
    failing.start();
    await flush();
    clock.advance(30 * 60_000);
    await flush();
    expect(errors).toEqual(['work']);
    failing.stop();
    scheduler.stop();
  });
});

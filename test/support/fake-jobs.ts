import {
  defaultImportOptions,
  type ImportOptions,
  type JobInfo,
  type JobState,
} from '../../src-shared/domain.ts';
import type { JobManager } from '../../src-main/engine/jobs/types.ts';
import { MailtroveError } from '../../src-main/engine/errors.ts';

/** A JobManager that runs nothing: it keeps jobs in memory and records what it was asked. */
export interface FakeJobManager extends JobManager {
  calls: string[];
  /** puts a job in a state directly, as if a run had got it there */
  setState(jobId: number, state: JobState): void;
}

export function createFakeJobManager(onState?: (job: JobInfo) => void): FakeJobManager {
  const jobs = new Map<number, JobInfo>();
  const calls: string[] = [];
  let next = 1;
  const get = (jobId: number): JobInfo => {
    const job = jobs.get(jobId);
    if (!job) throw new MailtroveError('usage', `No job ${jobId}.`);
    return job;
  };
  const move = (jobId: number, state: JobState): JobInfo => {
    const job = { ...get(jobId), state, updatedAt: Date.now() };
    jobs.set(jobId, job);
    onState?.(job);
    return job;
  };
  const create = (account: string, options: ImportOptions, retryFailed: boolean): JobInfo => {
    const job: JobInfo = {
      id: next++,
      account,
      state: 'running',
      waitingReason: null,
      waitingUntil: null,
      options,
      retryFailed,
      summary: null,
      error: null,
      createdAt: Date.now(),
      updatedAt: Date.now(),
    };
    jobs.set(job.id, job);
    onState?.(job);
    return job;
  };
  const defaults = defaultImportOptions();
  return {
    calls,
    setState: (jobId, state) => void move(jobId, state),
    start(account, options) {
      calls.push(`start ${account}`);
      return Promise.resolve(create(account, options, false));
    },
    retryFailed(account) {
      calls.push(`retryFailed ${account}`);
      return Promise.resolve(create(account, defaults, true));
    },
    resume: (jobId) => Promise.resolve(move(jobId, 'running')),
    pause: (jobId) => Promise.resolve(move(jobId, 'paused')),
    retryNow: (jobId) => move(jobId, 'running'),
    cancel: (jobId) => Promise.resolve(move(jobId, 'cancelled')),
    list: (account) => [...jobs.values()].filter((j) => account === undefined || j.account === account),
    history: (jobId) => [{ jobId: get(jobId).id, at: 0, state: 'running', message: 'started' }],
    settled: (jobId) => Promise.resolve(get(jobId)),
    failureOf: () => null,
    resumeInterrupted: () => {
      calls.push('resumeInterrupted');
      return Promise.resolve([]);
    },
    close: () => {
      calls.push('close');
      return Promise.resolve();
    },
  };
}

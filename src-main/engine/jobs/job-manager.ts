import {
  defaultImportOptions,
  type ImportOptions,
  type JobInfo,
  type JobState,
} from '../../../src-shared/domain.ts';
import { getAccount, listAccounts } from '../archive/accounts-repo.ts';
import {
  createJob,
  findJob,
  getJob,
  jobHistory,
  listJobs,
  unfinishedJobs,
  updateJob,
  type JobUpdate,
} from '../archive/jobs-repo.ts';
import { createWaitBreaker, type RetryOptions } from '../import/retry-loop.ts';
import { activeWriter } from '../archive/writer-thread.ts';
import { runImport } from '../import/run.ts';
import { MailtroveError } from '../errors.ts';
import { startRunLog } from '../logs/run-log.ts';
import { isNeedsSignIn } from '../auth/errors.ts';
import type { Credential } from '../imap/connect.ts';
import { mergeSummaries } from '../../../src-shared/job-counts.ts';
import type { JobManager, JobManagerDeps } from './types.ts';

export interface JobRunSettings {
  retry?: RetryOptions;
  stallTimeoutMs?: number;
}

/** pause and cancel come from the user; suspend from the app quitting (the job goes on at the next start) */
type StopIntent = 'pause' | 'cancel' | 'suspend';

interface LiveRun {
  controller: AbortController;
  breaker: ReturnType<typeof createWaitBreaker>;
  intent: StopIntent | null;
  done: Promise<JobInfo>;
}

const RESUMABLE: readonly JobState[] = ['queued', 'running', 'waiting', 'paused', 'failed'];

/** Runs import jobs in this process and keeps their state, counters and history in the archive. */
export function createJobManager(deps: JobManagerDeps & { settings?: JobRunSettings }): JobManager {
  const { db } = deps;
  const live = new Map<number, LiveRun>();
  const failures = new Map<number, Error>();

  /**
   * Moves a job on. While imports run, the archive's writer thread writes it (so this connection only
   * reads meanwhile); otherwise this connection does.
   */
  const update = async (jobId: number, change: JobUpdate): Promise<JobInfo> => {
    const writer = activeWriter(db);
    const job = writer
      ? await writer.run('updateJob', { jobId, update: change })
      : updateJob(db, jobId, change);
    deps.onState?.(job);
    return job;
  };
  /** A state change the run goes on without (logged in, waiting): its failure shows in the run's writes. */
  const note = (jobId: number, change: JobUpdate, then: () => void = () => undefined): void => {
    update(jobId, change).then(then, then);
  };

  const launch = async (job: JobInfo): Promise<JobInfo> => {
    const running = [...live.keys()].map((id) => getJob(db, id)).find((j) => j.account === job.account);
    if (running) {
      throw new MailtroveError(
        'usage',
        `An import of "${job.account}" is already running (job ${running.id}).`,
        {
          hint: 'Pause or cancel it first, or wait for it to finish.',
        },
      );
    }
    const account = getAccount(db, job.account);
    const runLog = startRunLog(db, job);
    let password: Credential;
    try {
      password = await deps.passwordFor(account);
    } catch (error) {
      const message = messageOf(error);
      runLog.end(
        await update(
          job.id,
          isNeedsSignIn(error) ? needsSignIn(error) : { state: 'failed', message, error: message },
        ),
      );
      throw error;
    }
    const controller = new AbortController();
    const entry: LiveRun = {
      controller,
      breaker: createWaitBreaker(),
      intent: null,
      done: Promise.resolve(job),
    };
    live.set(job.id, entry);
    failures.delete(job.id);
    let connected: () => void = () => undefined;
    const loggedIn = new Promise<void>((resolve) => {
      connected = resolve;
    });
    entry.done = (async (): Promise<JobInfo> => {
      try {
        const summary = await runImport(
          {
            db,
            account,
            password,
            options: remainingOptions(job),
            jobId: job.id,
            onlyFailed: job.retryFailed,
            earlier: job.summary,
            ...(deps.settings?.retry ? { retry: deps.settings.retry } : {}),
            ...(deps.settings?.stallTimeoutMs ? { stallTimeoutMs: deps.settings.stallTimeoutMs } : {}),
          },
          {
            signal: controller.signal,
            breaker: entry.breaker,
            onConnected: () => {
              // launch answers once this state is recorded
              note(
                job.id,
                { state: 'running', message: `Logged in to ${account.host}; importing.` },
                connected,
              );
            },
            onProgress: (progress) => {
              runLog.progress(progress);
              deps.onProgress?.(job.id, progress);
            },
            onWait: (reason, until) => {
              runLog.wait(reason, until);
              note(job.id, {
                state: 'waiting',
                message: `Waiting: ${reason}.`,
                waitingReason: reason,
                waitingUntil: until,
              });
            },
            onResume: () => {
              runLog.resume();
              note(job.id, { state: 'running', message: 'Going on.' });
            },
          },
        );
        const merged = mergeSummaries(getJob(db, job.id).summary, summary);
        return await update(job.id, endOf(entry.intent, merged));
      } catch (error) {
        if (entry.intent !== null && controller.signal.aborted) {
          return await update(job.id, endOf(entry.intent, null));
        }
        failures.set(job.id, error instanceof Error ? error : new Error(String(error)));
        try {
          // OAuth2 sign-in lost: nothing is wrong with the job, it goes on after `account login` + resume.
          return await update(job.id, isNeedsSignIn(error) ? needsSignIn(error) : failed(error));
        } catch {
          // A full disk may refuse even this row; the caller still learns what happened.
          return { ...getJob(db, job.id), state: 'failed', error: messageOf(error) };
        }
      } finally {
        live.delete(job.id);
        connected();
      }
    })().then((ended) => {
      runLog.end(ended);
      return ended;
    });
    await loggedIn;
    const failure = failures.get(job.id);
    if (failure !== undefined) throw failure;
    return getJob(db, job.id);
  };

  const stop = async (jobId: number, intent: StopIntent): Promise<JobInfo> => {
    const entry = live.get(jobId);
    if (entry) {
      entry.intent = intent;
      entry.controller.abort(new Error(intent));
      return entry.done;
    }
    const job = getJob(db, jobId);
    if (job.state === 'completed' || job.state === 'cancelled') return job;
    if (intent === 'pause' && job.state === 'paused') return job;
    return update(jobId, endOf(intent, null));
  };

  return {
    async start(accountName, options) {
      const account = getAccount(db, accountName);
      return launch(createJob(db, account.id, options, false));
    },
    async retryFailed(accountName) {
      const account = getAccount(db, accountName);
      const last = listJobs(db, account.id).find((j) => !j.retryFailed);
      const options: ImportOptions = {
        ...(last?.options ?? defaultImportOptions()),
        maxMessages: null,
        dryRun: false,
      };
      return launch(createJob(db, account.id, options, true));
    },
    async resume(jobId) {
      const job = findOrThrow(jobId);
      if (live.has(jobId)) return job;
      if (!RESUMABLE.includes(job.state)) {
        throw new MailtroveError('usage', `Job ${jobId} is ${job.state}; start a new import instead.`);
      }
      return launch(job);
    },
    pause: (jobId) => stop(findOrThrow(jobId).id, 'pause'),
    retryNow(jobId) {
      const job = findOrThrow(jobId);
      const entry = live.get(jobId);
      if (entry === undefined || job.state !== 'waiting') {
        throw new MailtroveError('usage', `Job ${jobId} is ${job.state}, not waiting to retry.`);
      }
      entry.breaker.breakWait();
      return job;
    },
    cancel: (jobId) => stop(findOrThrow(jobId).id, 'cancel'),
    list(accountName) {
      if (accountName === undefined) return listJobs(db);
      return listJobs(db, getAccount(db, accountName).id);
    },
    history: (jobId) => jobHistory(db, findOrThrow(jobId).id),
    settled: (jobId) => live.get(jobId)?.done ?? Promise.resolve(findOrThrow(jobId)),
    failureOf: (jobId) => failures.get(jobId) ?? null,
    async resumeInterrupted() {
      const known = new Set(listAccounts(db).map((a) => a.name));
      const resumed: JobInfo[] = [];
      for (const job of unfinishedJobs(db)) {
        if (live.has(job.id) || !known.has(job.account)) continue;
        try {
          resumed.push(await launch(job));
        } catch {
          // launch marked it failed with the reason; the others still get their turn
        }
      }
      return resumed;
    },
    async close() {
      await Promise.all([...live.keys()].map((id) => stop(id, 'suspend')));
    },
  };

  function findOrThrow(jobId: number): JobInfo {
    const job = findJob(db, jobId);
    if (!job)
      throw new MailtroveError('usage', `There is no job ${jobId}.`, { hint: 'See `mailtrove jobs`.' });
    return job;
  }
}

/** A resumed job with --max-messages fetches only what its earlier runs did not. */
function remainingOptions(job: JobInfo): ImportOptions {
  const fetched = job.summary?.fetched ?? 0;
  const max = job.options.maxMessages;
  return { ...job.options, dryRun: false, maxMessages: max === null ? null : Math.max(0, max - fetched) };
}

function endOf(intent: StopIntent | null, summary: JobInfo['summary']): JobUpdate {
  if (intent === 'pause') return { state: 'paused', message: 'Paused at a batch boundary.', summary };
  if (intent === 'suspend') {
    return {
      state: 'queued',
      message: 'Stopped because MailTrove is closing; it goes on at the next start.',
      summary,
    };
  }
  if (intent === 'cancel')
    return { state: 'cancelled', message: 'Cancelled; what was archived stays.', summary };
  const failed = summary?.failed ?? 0;
  const skipped = summary?.failedFolders ?? 0;
  const detail =
    (failed > 0 ? `${failed} message(s) failed (see the error log)` : 'nothing failed') +
    (skipped > 0 ? `; ${skipped} folder(s) skipped because of the server (see the error log)` : '');
  const fetched = summary?.fetched ?? 0;
  return { state: 'completed', message: `Completed: ${fetched} downloaded, ${detail}.`, summary };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function failed(error: unknown): JobUpdate {
  return { state: 'failed', message: `Failed: ${messageOf(error)}`, error: messageOf(error) };
}

/** The job waits, with no end time: only the user signing in again lets it go on. */
function needsSignIn(error: unknown): JobUpdate {
  return { state: 'waiting', message: messageOf(error), waitingReason: 'needs sign-in', waitingUntil: null };
}

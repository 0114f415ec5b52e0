import type { ImportOptions, ImportSummary, JobInfo } from '../../../src-shared/domain.ts';
import { getAccount, listAccounts, type StoredAccount } from '../archive/accounts-repo.ts';
import { jobHistory, listJobs } from '../archive/jobs-repo.ts';
import { openArchive } from '../archive/open.ts';
import { MailtroveError } from '../errors.ts';
import { runImport } from '../import/run.ts';
import { createJobManager, type JobRunSettings } from '../jobs/job-manager.ts';
import type { JobManager, JobManagerDeps } from '../jobs/types.ts';
import { topUpOptions } from '../schedule/scheduler.ts';
import { perCallAccess } from './archive-access.ts';
import type { EngineContext } from './context.ts';

/** A job manager over a writing connection of its own: one CLI import, from start to close(). */
export interface JobSession {
  jobs: JobManager;
  account(name: string): StoredAccount;
  accounts(): StoredAccount[];
  /** what a top-up of the account imports: the folders and range of its last import */
  topUpOptions(name: string): ImportOptions;
  /** the account's newest job that is neither completed nor cancelled */
  lastUnfinished(name: string): JobInfo | undefined;
  close(): void;
}

export interface JobSessionOptions extends Pick<JobManagerDeps, 'onProgress' | 'onState'> {
  settings?: JobRunSettings;
  /** caps the archive's size in pages, so writes fail as on a full disk (tests) */
  maxPageCount?: number;
}

export function importUseCases(ctx: EngineContext) {
  const hostJobs = (): JobManager => {
    if (ctx.jobs === null) throw new Error('This engine runs no import jobs.');
    return ctx.jobs;
  };

  return {
    /**
     * The dry run: what an import would fetch, on a read-only connection of its own, so it cannot change
     * a byte whatever it does. `onStart` runs once the account and its password are known.
     */
    preview(
      name: string,
      options: ImportOptions,
      onStart?: (account: StoredAccount) => void,
    ): Promise<ImportSummary> {
      return perCallAccess(ctx.access.archivePath).read(async (db) => {
        const account = getAccount(db, name);
        const password = await ctx.credentialFor(account);
        onStart?.(account);
        return runImport({ db, account, password, options: { ...options, dryRun: true } });
      });
    },

    /** Starts a real import job in the host. */
    start(name: string, options: ImportOptions): Promise<JobInfo> {
      if (options.dryRun) {
        throw new MailtroveError('usage', 'import:start runs a real import; a dry run is import:preview.');
      }
      return hostJobs().start(name, options);
    },
    retryFailed: (name: string) => hostJobs().retryFailed(name),
    pause: (jobId: number) => hostJobs().pause(jobId),
    resume: (jobId: number) => hostJobs().resume(jobId),
    /** Cuts a waiting job's backoff short ("Retry now"). */
    retryNow: (jobId: number) => hostJobs().retryNow(jobId),
    cancel: (jobId: number) => hostJobs().cancel(jobId),

    /** Jobs newest first, of one account or all. */
    list(name?: string): JobInfo[] {
      if (ctx.jobs) return ctx.jobs.list(name);
      return ctx.access.readSync((db) =>
        name === undefined ? listJobs(db) : listJobs(db, getAccount(db, name).id),
      );
    },
    history(jobId: number) {
      if (ctx.jobs) return ctx.jobs.history(jobId);
      return ctx.access.readSync((db) => jobHistory(db, jobId));
    },

    /** Opens the archive for writing and a job manager over it, for a command that runs an import. */
    openJobs(options: JobSessionOptions): JobSession {
      const db = openArchive(ctx.access.archivePath, { readonly: false });
      if (options.maxPageCount !== undefined) db.pragma(`max_page_count = ${options.maxPageCount}`);
      const jobs = createJobManager({
        db,
        passwordFor: (account) => ctx.credentialFor(account),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.onState ? { onState: options.onState } : {}),
        ...(options.settings ? { settings: options.settings } : {}),
      });
      return {
        jobs,
        account: (name) => getAccount(db, name),
        accounts: () => listAccounts(db),
        topUpOptions: (name) => topUpOptions(listJobs(db, getAccount(db, name).id)),
        lastUnfinished: (name) =>
          listJobs(db, getAccount(db, name).id).find(
            (j) => j.state !== 'completed' && j.state !== 'cancelled',
          ),
        close: () => {
          db.close();
        },
      };
    },
  };
}

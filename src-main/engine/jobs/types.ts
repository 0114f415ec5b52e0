import type Database from 'better-sqlite3';
import type { ImportOptions, ImportProgress, JobEvent, JobInfo } from '../../../src-shared/domain.ts';
import type { StoredAccount } from '../archive/accounts-repo.ts';
import type { Credential } from '../imap/connect.ts';

/**
 * Import jobs of one archive, for the app, the web server and the CLI alike. A job is persisted in the
 * archive with its parameters, counters and history; its runs happen in this process.
 */
export interface JobManager {
  /**
   * creates a job and starts running it; resolves once the run has logged in, rejects (and marks the job
   * failed) when it cannot: no password, wrong password, unreachable server
   */
  start(account: string, options: ImportOptions): Promise<JobInfo>;
  /** a job that fetches only the UIDs in the account's error log */
  retryFailed(account: string): Promise<JobInfo>;
  /** continues a paused, waiting, failed or interrupted job where its checkpoints stand */
  resume(jobId: number): Promise<JobInfo>;
  /** ends a waiting job's backoff now: it reconnects at once (the wait's reason may still hold) */
  retryNow(jobId: number): JobInfo;
  /** stops at the next batch boundary; resolves once the job is paused */
  pause(jobId: number): Promise<JobInfo>;
  /** stops at the next batch boundary for good; what was archived stays; resolves once cancelled */
  cancel(jobId: number): Promise<JobInfo>;
  list(account?: string): JobInfo[];
  history(jobId: number): JobEvent[];
  /** resolves when the job's current run ends (completed, paused, cancelled or failed) */
  settled(jobId: number): Promise<JobInfo>;
  /** why the job's last run in this process failed (keeps the error's kind for exit codes), or null */
  failureOf(jobId: number): unknown;
  /** after a restart: resumes the jobs that were running or waiting when the process ended */
  resumeInterrupted(): Promise<JobInfo[]>;
  /** stops every running job at a batch boundary and leaves it queued, so resumeInterrupted() continues it */
  close(): Promise<void>;
}

export interface JobManagerDeps {
  db: Database.Database;
  /**
   * the password (or OAuth2 token source) for a run; throws MailtroveError('config'|'auth') when there is
   * none, NeedsSignInError when the account must sign in again (the job then waits instead of failing)
   */
  passwordFor(account: StoredAccount): Promise<Credential>;
  onProgress?: (jobId: number, progress: ImportProgress) => void;
  onState?: (job: JobInfo) => void;
}

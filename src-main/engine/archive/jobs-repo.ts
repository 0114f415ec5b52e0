import type Database from 'better-sqlite3';
import type {
  ImportOptions,
  ImportSummary,
  JobEvent,
  JobInfo,
  JobState,
} from '../../../src-shared/domain.ts';
import { parseSummary } from './summary-json.ts';

interface JobRow {
  id: number;
  account: string;
  state: JobState;
  params: string;
  retry_failed: number;
  summary: string | null;
  error: string | null;
  waiting_reason: string | null;
  waiting_until: number | null;
  created_at: number;
  updated_at: number;
}

const SELECT_JOB = `SELECT j.*, a.name AS account FROM jobs j JOIN accounts a ON a.id = j.account_id`;

function toJob(row: JobRow): JobInfo {
  return {
    id: row.id,
    account: row.account,
    state: row.state,
    waitingReason: row.waiting_reason,
    waitingUntil: row.waiting_until,
    options: JSON.parse(row.params) as ImportOptions,
    retryFailed: row.retry_failed === 1,
    summary: row.summary === null ? null : parseSummary(row.summary),
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function createJob(
  db: Database.Database,
  accountId: number,
  options: ImportOptions,
  retryFailed: boolean,
): JobInfo {
  const now = Date.now();
  const id = db.transaction(() => {
    const jobId = Number(
      db
        .prepare(
          `INSERT INTO jobs (account_id, state, params, retry_failed, created_at, updated_at)
           VALUES (?, 'queued', ?, ?, ?, ?)`,
        )
        .run(accountId, JSON.stringify(options), retryFailed ? 1 : 0, now, now).lastInsertRowid,
    );
    addEvent(db, jobId, 'queued', retryFailed ? 'Retry of the failed messages queued.' : 'Import queued.');
    return jobId;
  })();
  return getJob(db, id);
}

export function findJob(db: Database.Database, jobId: number): JobInfo | null {
  const row = db.prepare(`${SELECT_JOB} WHERE j.id = ?`).get(jobId) as JobRow | undefined;
  return row ? toJob(row) : null;
}

export function getJob(db: Database.Database, jobId: number): JobInfo {
  const job = findJob(db, jobId);
  if (!job) throw new Error(`No job ${jobId}`);
  return job;
}

/** Newest first. */
export function listJobs(db: Database.Database, accountId?: number): JobInfo[] {
  const rows = (
    accountId === undefined
      ? db.prepare(`${SELECT_JOB} ORDER BY j.id DESC`).all()
      : db.prepare(`${SELECT_JOB} WHERE j.account_id = ? ORDER BY j.id DESC`).all(accountId)
  ) as JobRow[];
  return rows.map(toJob);
}

export interface JobUpdate {
  state: JobState;
  /** written to the history */
  message: string;
  waitingReason?: string | null;
  waitingUntil?: number | null;
  summary?: ImportSummary | null;
  error?: string | null;
}

/** Moves a job to a new state and records why, in one transaction. */
export function updateJob(db: Database.Database, jobId: number, update: JobUpdate): JobInfo {
  db.transaction(() => {
    const now = Date.now();
    db.prepare(
      `UPDATE jobs SET state = @state, waiting_reason = @reason, waiting_until = @until,
         summary = coalesce(@summary, summary), error = @error, updated_at = @now WHERE id = @id`,
    ).run({
      id: jobId,
      state: update.state,
      reason: update.waitingReason ?? null,
      until: update.waitingUntil ?? null,
      summary: update.summary ? JSON.stringify(update.summary) : null,
      error: update.error ?? null,
      now,
    });
    addEvent(db, jobId, update.state, update.message);
  })();
  return getJob(db, jobId);
}

function addEvent(db: Database.Database, jobId: number, state: JobState, message: string): void {
  db.prepare('INSERT INTO job_events (job_id, at, state, message) VALUES (?, ?, ?, ?)').run(
    jobId,
    Date.now(),
    state,
    message,
  );
}

export function jobHistory(db: Database.Database, jobId: number): JobEvent[] {
  const rows = db
    .prepare('SELECT job_id, at, state, message FROM job_events WHERE job_id = ? ORDER BY id')
    .all(jobId) as { job_id: number; at: number; state: JobState; message: string }[];
  return rows.map((r) => ({ jobId: r.job_id, at: r.at, state: r.state, message: r.message }));
}

/** Jobs a process was running when it ended without saying goodbye (crash, kill, power cut). */
export function unfinishedJobs(db: Database.Database): JobInfo[] {
  const rows = db
    .prepare(`${SELECT_JOB} WHERE j.state IN ('queued', 'running', 'waiting') ORDER BY j.id`)
    .all() as JobRow[];
  return rows.map(toJob);
}

import type Database from 'better-sqlite3';
import type { ImportOptions, ImportSummary } from '../../../src-shared/domain.ts';
import { parseSummary } from './summary-json.ts';

/** How fast a run downloaded and stored, for the next dry run's estimate. */
export interface Throughput {
  messagesPerSecond: number;
  bytesPerSecond: number;
}

export type RunStatus = 'running' | 'completed' | 'failed' | 'interrupted';

export function startRun(
  db: Database.Database,
  accountId: number,
  options: ImportOptions,
  jobId: number | null,
): number {
  const result = db
    .prepare(
      "INSERT INTO runs (account_id, started_at, params, status, job_id) VALUES (?, ?, ?, 'running', ?)",
    )
    .run(accountId, Date.now(), JSON.stringify(options), jobId);
  return Number(result.lastInsertRowid);
}

export function finishRun(
  db: Database.Database,
  runId: number,
  status: RunStatus,
  summary: ImportSummary,
): void {
  db.prepare('UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE id = ?').run(
    Date.now(),
    status,
    JSON.stringify(summary),
    runId,
  );
}

export interface RunRecord {
  id: number;
  startedAt: number;
  finishedAt: number | null;
  status: RunStatus;
  summary: ImportSummary | null;
}

interface RunRow {
  id: number;
  started_at: number;
  finished_at: number | null;
  status: RunStatus;
  summary: string | null;
}

export function lastRun(db: Database.Database, accountId: number): RunRecord | null {
  const row = db
    .prepare(
      'SELECT id, started_at, finished_at, status, summary FROM runs WHERE account_id = ? ORDER BY id DESC LIMIT 1',
    )
    .get(accountId) as RunRow | undefined;
  if (!row) return null;
  return {
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    summary: row.summary ? parseSummary(row.summary) : null,
  };
}

/** The throughput this archive measured on its last substantial run, for dry-run estimates. */
export function measuredThroughput(db: Database.Database, accountId: number): Throughput | null {
  const rows = db
    .prepare(
      "SELECT summary FROM runs WHERE account_id = ? AND status = 'completed' AND summary IS NOT NULL ORDER BY id DESC LIMIT 10",
    )
    .pluck()
    .all(accountId) as string[];
  for (const text of rows) {
    const summary = parseSummary(text);
    if (summary.fetched >= 100 && summary.seconds > 0) {
      return {
        messagesPerSecond: summary.fetched / summary.seconds,
        bytesPerSecond: summary.bytes / summary.seconds,
      };
    }
  }
  return null;
}

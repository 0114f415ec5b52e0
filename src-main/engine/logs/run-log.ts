import path from 'node:path';
import type Database from 'better-sqlite3';
import type { ImportProgress, JobInfo } from '../../../src-shared/domain.ts';
import { appendRunLog, type RunLogLine } from './run-log-file.ts';

/** What the job manager tells the run log about one run of a job; never throws. */
export interface RunLogger {
  progress(progress: ImportProgress): void;
  wait(reason: string, until: number): void;
  resume(): void;
  /** the run ended: its errors and summary, from the job as it was left */
  end(job: JobInfo): void;
}

interface OpenFolder {
  path: string;
  startedAt: number;
  done: number;
  total: number;
  bytes: number;
}

/**
 * Starts the run log of one run of `job` in `logs/` beside the archive: a start line now, a folder line as
 * each folder finishes downloading (from the progress events), waits and resumes, errors and the summary.
 * A log that cannot be written (full disk) never stops the import.
 */
export function startRunLog(db: Database.Database, job: JobInfo, now: () => number = Date.now): RunLogger {
  if (db.memory) return { progress: noop, wait: noop, resume: noop, end: noop };
  const archiveDir = path.dirname(db.name);
  const write = (type: RunLogLine['type'], fields: Record<string, unknown>): void => {
    try {
      appendRunLog(archiveDir, {
        type,
        at: new Date(now()).toISOString(),
        account: job.account,
        jobId: job.id,
        ...fields,
      });
    } catch {
      // The archive is what matters; the log is a record of it and may miss a line on a full disk.
    }
  };
  let folder: OpenFolder | null = null;
  const closeFolder = (stopped: boolean): void => {
    if (folder === null) return;
    const { path: folderPath, startedAt, done, total, bytes } = folder;
    const seconds = Math.round((now() - startedAt) / 100) / 10;
    write('folder', { folder: folderPath, done, total, bytes, seconds, ...(stopped ? { stopped } : {}) });
    folder = null;
  };
  write('start', { options: job.options, retryFailed: job.retryFailed, resumed: job.summary !== null });
  return {
    progress(p) {
      if (p.phase === 'fetching' && folder?.path !== p.folder) {
        closeFolder(false);
        folder = { path: p.folder, startedAt: now(), done: p.done, total: p.total, bytes: p.bytes };
        return;
      }
      if (folder !== null && (p.phase === 'fetching' || p.folder === folder.path)) {
        Object.assign(folder, { done: p.done, total: p.total, bytes: p.bytes });
      }
      if (p.phase === 'done' || p.phase === 'stopped') closeFolder(p.phase === 'stopped');
    },
    wait(reason, until) {
      write('wait', { reason, until: new Date(until).toISOString() });
    },
    resume() {
      write('resume', {});
    },
    end(ended) {
      closeFolder(true);
      if (ended.state === 'failed') write('error', { message: ended.error ?? 'The import failed.' });
      const summary = ended.summary;
      write('summary', {
        state: ended.state,
        ...(summary === null
          ? {}
          : {
              fetched: summary.fetched,
              new: summary.new,
              failed: summary.failed,
              failedFolders: summary.failedFolders ?? 0,
              bytes: summary.bytes,
              seconds: summary.seconds,
              folders: summary.folders.map((f) => ({
                path: f.path,
                new: f.new,
                failed: f.failed,
                bytes: f.bytes,
                ...(f.error === undefined ? {} : { error: f.error }),
              })),
            }),
      });
    },
  };
}

function noop(): void {
  // nothing to log for an in-memory archive
}

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

/**
 * Starts the run log of one run of `job` in `logs/` beside the archive: a start line now, waits and resumes
 * as they happen, and at the end a line per folder (the job's counts, and the seconds this run spent
 * downloading it, timed from the progress events, whose counts lag), errors and the summary. A log that
 * cannot be written (full disk) never stops the import.
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
  /** seconds each folder took to download, by path, as the progress events saw it */
  const seconds = new Map<string, number>();
  let current: { path: string; startedAt: number } | null = null;
  const closeFolder = (): void => {
    if (current === null) return;
    seconds.set(current.path, Math.round((now() - current.startedAt) / 100) / 10);
    current = null;
  };
  write('start', { options: job.options, retryFailed: job.retryFailed, resumed: job.summary !== null });
  return {
    progress(p) {
      if (p.phase === 'fetching' && current?.path !== p.folder) {
        closeFolder();
        current = { path: p.folder, startedAt: now() };
      }
      if (p.phase === 'done' || p.phase === 'stopped') closeFolder();
    },
    wait(reason, until) {
      write('wait', { reason, until: new Date(until).toISOString() });
    },
    resume() {
      write('resume', {});
    },
    end(ended) {
      closeFolder();
      const summary = ended.summary;
      for (const f of summary?.folders ?? []) {
        const took = seconds.get(f.path);
        write('folder', {
          folder: f.path,
          inRange: f.inRange,
          alreadyArchived: f.alreadyArchived,
          toFetch: f.toFetch,
          fetched: f.fetched,
          new: f.new,
          failed: f.failed,
          bytes: f.bytes,
          ...(took === undefined ? {} : { seconds: took }),
          ...(f.error === undefined ? {} : { error: f.error }),
        });
      }
      if (ended.state === 'failed') write('error', { message: ended.error ?? 'The import failed.' });
      write('summary', {
        state: ended.state,
        ...(summary === null
          ? {}
          : {
              folders: summary.folderCount,
              fetched: summary.fetched,
              new: summary.new,
              failed: summary.failed,
              failedFolders: summary.failedFolders ?? 0,
              bytes: summary.bytes,
              seconds: summary.seconds,
            }),
      });
    },
  };
}

function noop(): void {
  // nothing to log for an in-memory archive
}

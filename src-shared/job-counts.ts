/**
 * A job's counts over its runs (pause, resume, restart), and totals that grow while they are estimates.
 * The identities of counts.ts hold for a job's summary as for a run's. Runs anywhere.
 */
import {
  settled,
  summaryOf,
  type FolderCounts,
  type FolderImportSummary,
  type ImportSummary,
} from './counts.ts';
import type { ImportProgress } from './domain.ts';

/**
 * Messages of a folder that earlier runs of a job settled for good: downloaded (archived by UID since, so
 * a later run counts them as already archived) or gone from the server (a later run does not see them).
 * Failed ones are not carried: the next run plans them again.
 */
export function carried(folder: Pick<FolderCounts, 'fetched' | 'vanished'>): number {
  return folder.fetched + folder.vanished;
}

/**
 * One folder over two stretches of a job: `earlier` (the job's runs so far) and `latest` (the run that just
 * ended). Downloads add up; "already in the archive" means before the job began; failures are the latest
 * run's, since it tried the earlier ones again. A folder whose UIDVALIDITY changed in between is the latest
 * run's alone: its UIDs name other messages now, and the earlier downloads count again as same content.
 */
export function mergeFolder(earlier: FolderImportSummary, latest: FolderImportSummary): FolderImportSummary {
  if (earlier.uidValidity !== latest.uidValidity) return latest;
  // The earlier downloads are archived by UID now; clamped for the rare one expunged since.
  const alreadyArchived = Math.max(0, latest.alreadyArchived - earlier.fetched);
  const toFetch = carried(earlier) + latest.toFetch;
  return {
    ...latest,
    inRange: alreadyArchived + latest.leftOut + toFetch,
    alreadyArchived,
    toFetch,
    toFetchBytes: earlier.bytes + latest.toFetchBytes,
    fetched: earlier.fetched + latest.fetched,
    new: earlier.new + latest.new,
    sameContent: earlier.sameContent + latest.sameContent,
    failed: latest.failed,
    vanished: earlier.vanished + latest.vanished,
    parseFailed: earlier.parseFailed + latest.parseFailed,
    badInternalDates: earlier.badInternalDates + latest.badInternalDates,
    bytes: earlier.bytes + latest.bytes,
  };
}

/** A job's summary after one more run. Folders the latest run did not reach keep their counts. */
export function mergeSummaries(previous: ImportSummary | null, latest: ImportSummary): ImportSummary {
  if (previous === null) return latest;
  const before = new Map(previous.folders.map((f) => [f.path, f]));
  const folders = latest.folders.map((f): FolderImportSummary => {
    const p = before.get(f.path);
    before.delete(f.path);
    return p ? mergeFolder(p, f) : f;
  });
  folders.push(...before.values());
  return summaryOf(
    {
      dryRun: false,
      account: latest.account,
      folderCount: Math.max(latest.folderCount, folders.length),
      seconds: Math.round((previous.seconds + latest.seconds) * 100) / 100,
    },
    folders,
  );
}

/**
 * A total as shown: while it is an estimate (not every folder counted yet) it never drops below what was
 * already shown, so a bar never jumps back; once exact it is the true number.
 */
export function growingTotal(shown: number | null, next: number, exact: boolean): number {
  return exact || shown === null ? next : Math.max(shown, next);
}

/**
 * Where a job stands by its summary alone (after a restart, before its run reports anything), with the
 * same numbers its progress had when it stopped: per folder, settled of toFetch; overall, their sums.
 */
export function progressFromSummary(summary: ImportSummary): {
  overall: ImportProgress;
  folders: ImportProgress[];
} {
  const base = {
    phase: 'stopped' as const,
    folderCount: summary.folderCount,
    foldersPlanned: summary.folders.length,
    overallDone: settled(summary),
    overallTotal: summary.toFetch,
    overallBytes: summary.bytes,
    overallTotalBytes: summary.toFetchBytes,
    messagesPerSecond: 0,
    bytesPerSecond: 0,
    etaSeconds: null,
  };
  const folders = summary.folders.map((f, index): ImportProgress => ({
    ...base,
    folder: f.path,
    folderIndex: index,
    done: settled(f),
    total: f.toFetch,
    bytes: f.bytes,
    totalBytes: f.toFetchBytes,
  }));
  return {
    overall: { ...base, folder: '', folderIndex: 0, done: 0, total: 0, bytes: 0, totalBytes: 0 },
    folders,
  };
}

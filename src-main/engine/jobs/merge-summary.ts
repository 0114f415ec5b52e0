import type { FolderImportSummary, ImportSummary } from '../../../src-shared/domain.ts';

/**
 * A job's counters over all its runs: transfer counts add up; what the server holds in range comes
 * from the latest run; "already archived" means archived before the job, so mail the job's earlier runs
 * stored is not counted twice. Pure.
 */
export function mergeSummaries(previous: ImportSummary | null, latest: ImportSummary): ImportSummary {
  if (previous === null) return latest;
  const before = new Map(previous.folders.map((f) => [f.path, f]));
  const folders = latest.folders.map((f): FolderImportSummary => {
    const p = before.get(f.path);
    before.delete(f.path);
    return p ? mergeFolder(p, f) : f;
  });
  // Folders an earlier run handled that the latest one did not reach keep their counts.
  folders.push(...before.values());
  const total = (key: 'fetched' | 'new' | 'failed' | 'vanished' | 'parseFailed' | 'bytes'): number =>
    folders.reduce((n, f) => n + f[key], 0);
  return {
    dryRun: false,
    account: latest.account,
    folders,
    inRange: folders.reduce((n, f) => n + f.inRange, 0),
    fetched: total('fetched'),
    new: total('new'),
    duplicates: folders.reduce((n, f) => n + f.duplicates, 0),
    failed: total('failed'),
    vanished: total('vanished'),
    parseFailed: total('parseFailed'),
    badInternalDates: folders.reduce((n, f) => n + (f.badInternalDates ?? 0), 0),
    // A folder the latest run imported sheds the error an earlier run recorded (mergeFolder keeps `f`'s).
    failedFolders: folders.filter((f) => f.error !== undefined).length,
    bytes: total('bytes'),
    seconds: Math.round((previous.seconds + latest.seconds) * 100) / 100,
  };
}

function mergeFolder(p: FolderImportSummary, f: FolderImportSummary): FolderImportSummary {
  return {
    ...f,
    fetched: p.fetched + f.fetched,
    new: p.new + f.new,
    duplicates: Math.max(0, f.duplicates - p.new),
    failed: p.failed + f.failed,
    vanished: p.vanished + f.vanished,
    parseFailed: p.parseFailed + f.parseFailed,
    badInternalDates: (p.badInternalDates ?? 0) + (f.badInternalDates ?? 0),
    bytes: p.bytes + f.bytes,
  };
}

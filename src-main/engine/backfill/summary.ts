import type { FolderImportSummary, ImportSummary } from '../../../src-shared/domain.ts';

/** Adds the folders' counters up into the run's summary. */
export function summarize(
  account: string,
  dryRun: boolean,
  folders: FolderImportSummary[],
  startedAt: number,
): ImportSummary {
  const total = (
    key: 'inRange' | 'fetched' | 'new' | 'duplicates' | 'failed' | 'vanished' | 'parseFailed' | 'bytes',
  ): number => folders.reduce((sum, f) => sum + f[key], 0);
  return {
    dryRun,
    account,
    folders,
    inRange: total('inRange'),
    fetched: total('fetched'),
    new: total('new'),
    duplicates: total('duplicates'),
    failed: total('failed'),
    vanished: total('vanished'),
    parseFailed: total('parseFailed'),
    badInternalDates: folders.reduce((sum, f) => sum + (f.badInternalDates ?? 0), 0),
    failedFolders: folders.filter((f) => f.error !== undefined).length,
    bytes: total('bytes'),
    seconds: Math.round((performance.now() - startedAt) / 10) / 100,
  };
}

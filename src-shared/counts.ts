/**
 * What every import count means, defined once. The engine fills these counts; `import --json`,
 * `import --dry-run`, `status`, the window's preview, progress and summary all show them under the labels
 * below. Runs anywhere.
 *
 * Per folder, of the messages on the server in the date range (the UIDs SEARCH returned):
 *
 *   inRange = alreadyArchived + leftOut + toFetch
 *   toFetch = fetched + failed + vanished + remaining      (remaining is 0 once the run or job completes)
 *   fetched = new + sameContent
 *
 * and each count of a summary is the sum of its folders' counts. parseFailed and badInternalDates are
 * flags on messages stored as new (each at most new), not terms of a sum. A folder skipped whole because
 * the server sent a UIDVALIDITY that cannot be right was never searched: all its counts are 0 and its
 * `error` says why. UIDs the server sent that cannot be right are in range, to download, and failed. A preview plans exactly as the import
 * does, so the preview's toFetch is what a run that completes without failures downloads (its fetched).
 */

/** The counts of one folder, or of a whole run or job (then the sums over its folders). */
export interface FolderCounts {
  /** on the server in the date range (IMAP SEARCH on INTERNALDATE); a job's also counts mail gone since */
  inRange: number;
  /** of those, in the archive (by folder and UID) before the run, or the job, began: not downloaded */
  alreadyArchived: number;
  /** of those, left for a later run by --max-messages (which keeps the newest N) */
  leftOut: number;
  /** of those, to download: inRange − alreadyArchived − leftOut */
  toFetch: number;
  /** bytes of the messages to download, as the server reported their sizes */
  toFetchBytes: number;
  /** downloaded now and in the archive: new + sameContent */
  fetched: number;
  /** of those, stored as new messages */
  new: number;
  /**
   * of those, identical (same SHA-256) to a message already archived, usually its copy in another folder:
   * stored once, now listed in this folder too
   */
  sameContent: number;
  /** could not be downloaded or stored; listed in the error log, fetched again by the next run */
  failed: number;
  /** expunged on the server between the folder's search and its download */
  vanished: number;
  /** of the new ones, stored byte for byte but flagged: the MIME structure could not be parsed */
  parseFailed: number;
  /** of the new ones, stored with a fallback date and flagged: the server sent no usable INTERNALDATE */
  badInternalDates: number;
  /** bytes downloaded now (0 in a preview) */
  bytes: number;
}

export type CountKey = keyof FolderCounts;

/** Every count, in the order they are shown. */
export const COUNT_KEYS: readonly CountKey[] = [
  'inRange',
  'alreadyArchived',
  'leftOut',
  'toFetch',
  'toFetchBytes',
  'fetched',
  'new',
  'sameContent',
  'failed',
  'vanished',
  'parseFailed',
  'badInternalDates',
  'bytes',
];

export interface FolderImportSummary extends FolderCounts {
  path: string;
  /** null: the folder was skipped because the server sent no usable UIDVALIDITY (see `error`) */
  uidValidity: number | null;
  /** how the folder was scanned, and why */
  decision: string;
  /** why the whole folder was skipped (a value from the server that cannot be right); in the error log */
  error?: string;
  /** preview only: time to download toFetch at this archive's measured pace */
  estimatedSeconds?: number;
}

export interface ImportSummary extends FolderCounts {
  dryRun: boolean;
  account: string;
  folders: FolderImportSummary[];
  /**
   * folders the import covers; a paused run may not have counted them all yet (folders.length is
   * smaller): its totals are then a lower bound, see isEstimate
   */
  folderCount: number;
  /** folders skipped whole, each with its `error` (absent in summaries older than this field) */
  failedFolders?: number;
  seconds: number;
  /** preview only */
  estimatedSeconds?: number;
}

/** A folder's counts once its plan is known, before anything is downloaded. */
export function plannedCounts(plan: {
  inRange: number;
  alreadyArchived: number;
  leftOut: number;
  toFetchBytes: number;
}): FolderCounts {
  return {
    ...zeroCounts(),
    inRange: plan.inRange,
    alreadyArchived: plan.alreadyArchived,
    leftOut: plan.leftOut,
    toFetch: plan.inRange - plan.alreadyArchived - plan.leftOut,
    toFetchBytes: plan.toFetchBytes,
  };
}

export function zeroCounts(): FolderCounts {
  return {
    inRange: 0,
    alreadyArchived: 0,
    leftOut: 0,
    toFetch: 0,
    toFetchBytes: 0,
    fetched: 0,
    new: 0,
    sameContent: 0,
    failed: 0,
    vanished: 0,
    parseFailed: 0,
    badInternalDates: 0,
    bytes: 0,
  };
}

/** The sum of each count over the parts: a summary's totals are always this of its folders. */
export function sumCounts(parts: readonly FolderCounts[]): FolderCounts {
  const total = zeroCounts();
  for (const part of parts) for (const key of COUNT_KEYS) total[key] += part[key];
  return total;
}

/** Messages to download that were neither downloaded, nor failed, nor gone: a paused run's rest. */
export function remaining(counts: FolderCounts): number {
  return counts.toFetch - counts.fetched - counts.failed - counts.vanished;
}

/** Messages of toFetch that are settled: downloaded, failed or gone. Reaches toFetch when complete. */
export function settled(counts: FolderCounts): number {
  return counts.fetched + counts.failed + counts.vanished;
}

/** Some folders of the import were not counted yet: the totals are a lower bound ("at least"). */
export function isEstimate(summary: Pick<ImportSummary, 'folders' | 'folderCount'>): boolean {
  return summary.folders.length < summary.folderCount;
}

/** A summary whose totals are the sums of its folders' counts, and how many folders were skipped whole. */
export function summaryOf(
  head: Omit<ImportSummary, CountKey | 'folders' | 'failedFolders'>,
  folders: FolderImportSummary[],
): ImportSummary {
  const failedFolders = folders.filter((f) => f.error !== undefined).length;
  return { ...head, ...sumCounts(folders), folders, failedFolders };
}

/** Which of the identities above do not hold for these counts (empty when all do). For tests and checks. */
export function countProblems(counts: FolderCounts, what = 'counts'): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, text: string): void => {
    if (!ok) problems.push(`${what}: ${text}`);
  };
  const c = counts;
  expect(
    c.inRange === c.alreadyArchived + c.leftOut + c.toFetch,
    `inRange ${c.inRange} ≠ alreadyArchived ${c.alreadyArchived} + leftOut ${c.leftOut} + toFetch ${c.toFetch}`,
  );
  expect(
    c.fetched === c.new + c.sameContent,
    `fetched ${c.fetched} ≠ new ${c.new} + sameContent ${c.sameContent}`,
  );
  expect(
    remaining(c) >= 0,
    `toFetch ${c.toFetch} < fetched ${c.fetched} + failed ${c.failed} + vanished ${c.vanished}`,
  );
  expect(c.parseFailed <= c.new, `parseFailed ${c.parseFailed} > new ${c.new}`);
  expect(c.badInternalDates <= c.new, `badInternalDates ${c.badInternalDates} > new ${c.new}`);
  for (const key of COUNT_KEYS) expect(c[key] >= 0, `${key} is negative (${c[key]})`);
  return problems;
}

/** countProblems for every folder, plus: each total is the sum of the folders. */
export function summaryProblems(summary: ImportSummary): string[] {
  const problems = summary.folders.flatMap((f) => countProblems(f, f.path));
  problems.push(...countProblems(summary, 'total'));
  const sums = sumCounts(summary.folders);
  for (const key of COUNT_KEYS) {
    if (summary[key] !== sums[key]) {
      problems.push(`total ${key} ${summary[key]} ≠ ${sums[key]}, the sum of the folders`);
    }
  }
  return problems;
}

import {
  summaryOf,
  type FolderCounts,
  type FolderImportSummary,
  type ImportSummary,
} from '../../../src-shared/counts.ts';

/** A folder's counts as archives before counts.ts stored them: one `duplicates` for two things. */
interface OldFolderCounts {
  inRange: number;
  fetched: number;
  new: number;
  duplicates?: number;
  failed: number;
  vanished: number;
  parseFailed: number;
  bytes: number;
  toFetch?: number;
}

interface OldSummary {
  dryRun: boolean;
  account: string;
  folders: (OldFolderCounts & { path: string; uidValidity: number; decision: string })[];
  seconds: number;
  estimatedSeconds?: number;
}

function isOld(summary: UndatedSummary | OldSummary): summary is OldSummary {
  return !('sameContent' in summary);
}

/**
 * An import summary read back from the archive (a job's or a run's JSON). Summaries written before the
 * counts were defined apart mixed "already archived" with "downloaded, same content" and reused `bytes`
 * for a preview's size to download; they are read into today's counts so old jobs show sums that add up.
 */
export function parseSummary(text: string): ImportSummary {
  const parsed = JSON.parse(text) as UndatedSummary | OldSummary;
  if (!isOld(parsed)) return withDateFlags(parsed);
  const raw = parsed;
  const folders = raw.folders.map((f): FolderImportSummary => ({ ...f, ...fromOld(f, raw.dryRun) }));
  const { account, dryRun, seconds, estimatedSeconds } = raw;
  return summaryOf(
    {
      account,
      dryRun,
      seconds,
      folderCount: folders.length,
      ...(estimatedSeconds === undefined ? {} : { estimatedSeconds }),
    },
    folders,
  );
}

/** A summary written before badInternalDates was counted: its folders have none. */
type UndatedSummary = Omit<ImportSummary, 'folders' | 'badInternalDates'> & {
  badInternalDates?: number;
  folders: (Omit<FolderImportSummary, 'badInternalDates'> & { badInternalDates?: number })[];
};

/** Summaries written before badInternalDates was counted had none: 0 keeps their sums numbers. */
function withDateFlags(summary: UndatedSummary): ImportSummary {
  const { folders, ...head } = summary;
  return summaryOf(
    head,
    folders.map((f) => ({ ...f, badInternalDates: f.badInternalDates ?? 0 })),
  );
}

function fromOld(f: OldFolderCounts, dryRun: boolean): FolderCounts {
  const duplicates = f.duplicates ?? 0;
  const badInternalDates = 0;
  if (dryRun) {
    const toFetch = f.toFetch ?? 0;
    return {
      ...f,
      alreadyArchived: duplicates,
      leftOut: Math.max(0, f.inRange - duplicates - toFetch),
      toFetch,
      toFetchBytes: f.bytes,
      sameContent: 0,
      badInternalDates,
      bytes: 0,
    };
  }
  // Downloads were new or the same content; the rest of `duplicates` was known by UID, not downloaded.
  const sameContent = Math.max(0, f.fetched - f.new);
  const alreadyArchived = Math.min(f.inRange, Math.max(0, duplicates - sameContent));
  return {
    ...f,
    alreadyArchived,
    leftOut: 0,
    toFetch: f.inRange - alreadyArchived,
    toFetchBytes: f.bytes,
    sameContent,
    badInternalDates,
  };
}

import { summaryOf, type FolderImportSummary, type ImportSummary } from '../../../src-shared/counts.ts';

/** The run's summary: its folders' counts and their sums (counts.ts). */
export function summarize(
  head: { account: string; dryRun: boolean; folderCount: number },
  folders: FolderImportSummary[],
  startedAt: number,
): ImportSummary {
  return summaryOf({ ...head, seconds: Math.round((performance.now() - startedAt) / 10) / 100 }, folders);
}

import type { FolderImportSummary, FolderInfo, ImportSummary } from '../../../src-shared/domain.ts';
import { measuredThroughput } from '../archive/runs-repo.ts';
import { newestKept } from './accept-plan.ts';
import { DEFAULT_THROUGHPUT, estimateSeconds } from './batching.ts';
import { scanFolder } from './folder-plan.ts';
import { emptyFolderSummary } from './import-folder.ts';
import { createProgressTracker } from './progress.ts';
import type { RunContext } from './run-context.ts';
import { scanInLanes } from './scan-lanes.ts';
import { summarize } from './summary.ts';

/**
 * A dry run: scans every folder the way an import does (same lanes, same --max-messages order) and says
 * what an import would download and how long it would take. Writes nothing.
 */
export async function previewImport(
  context: RunContext,
  selected: FolderInfo[],
  startedAt: number,
): Promise<ImportSummary> {
  const { db, account, options } = context.request;
  const tracker = createProgressTracker(selected.length, (p) => context.hooks.onProgress?.(p));
  const keep = newestKept(options.maxMessages);
  const plans = await scanInLanes(context, selected, scanFolder, {
    accept: (plan) => {
      keep(plan);
      return plan;
    },
    onScanning: (entry) => {
      tracker.planning(entry.folder.path, entry.index);
    },
  });
  const rate = measuredThroughput(db, account.id) ?? DEFAULT_THROUGHPUT;
  // The same counts as an import's plan (emptyFolderSummary), so "to download" is what it downloads.
  const folders = plans.map((plan): FolderImportSummary => {
    const summary = emptyFolderSummary(plan);
    const seconds = estimateSeconds(summary.toFetch, summary.toFetchBytes, rate);
    return { ...summary, estimatedSeconds: Math.round(seconds) };
  });
  const summary = summarize(
    { account: account.name, dryRun: true, folderCount: plans.length },
    folders,
    startedAt,
  );
  summary.estimatedSeconds = folders.reduce((sum, f) => sum + (f.estimatedSeconds ?? 0), 0);
  return summary;
}

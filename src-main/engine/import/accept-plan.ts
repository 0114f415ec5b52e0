import type { ArchiveWriter } from '../archive/writer-thread.ts';
import type { FolderPlan } from './folder-plan.ts';
import { leftOutByServer } from './folder-problems.ts';
import type { ProgressTracker } from './progress.ts';
import type { RunContext } from './run-context.ts';

/** A folder's plan, accepted once every folder before it is (--max-messages counts in folder order). */
export interface AcceptedPlan {
  plan: FolderPlan;
  /** the folder's archive row (ensureFolders) */
  folderId: number;
  /** the scan's completeness record, queued on the writer ahead of the folder's batches */
  recorded: Promise<void>;
}

/**
 * An import's acceptance, called on each scan in folder order: trims to --max-messages, adds the plan's
 * totals to the progress as early as they are known, and queues its completeness record on the writer.
 */
export function acceptForImport(
  context: RunContext,
  sink: { writer: ArchiveWriter; folderIds: Map<string, number>; tracker: ProgressTracker },
): (plan: FolderPlan) => AcceptedPlan {
  const { options } = context.request;
  const keep = newestKept(options.maxMessages);
  return (plan) => {
    const inRange = plan.inRangeUids;
    const filtered = keep(plan);
    sink.tracker.planned(
      { path: plan.folder.path, uidValidity: plan.server.uidValidity },
      // UIDs no message can have count as to download and failed (import-folder.ts: emptyFolderSummary)
      plan.pending.length + leftOutByServer(plan),
      plan.pending.bytes(),
    );
    const folderId = sink.folderIds.get(plan.folder.path);
    if (folderId === undefined) throw new Error(`The folder "${plan.folder.path}" has no archive row.`);
    const recorded =
      inRange === null
        ? Promise.resolve()
        : sink.writer.recordScan({
            folderId,
            uidValidity: plan.server.uidValidity,
            range: options.range,
            inRange,
            filtered,
            ...(plan.topUp ? { topUp: plan.topUp } : {}),
          });
    // Awaited with the folder's import; until then a failure must not count as unhandled.
    recorded.catch(() => undefined);
    return { plan, folderId, recorded };
  };
}

/**
 * --max-messages keeps the newest N of the whole run, folder by folder in listing order: called on each
 * plan in that order, it trims the plan's pending messages (counting them as left out) and returns the
 * in-range UIDs it left out.
 */
export function newestKept(maxMessages: number | null): (plan: FolderPlan) => number[] {
  let budget = maxMessages ?? Number.POSITIVE_INFINITY;
  return (plan) => {
    const kept = plan.pending.newestFirst().slice(0, Math.max(0, budget));
    const filtered = plan.pending.length - kept.length;
    plan.pending = kept;
    plan.leftOut = filtered;
    budget -= kept.length;
    if (filtered === 0 || plan.inRangeUids === null) return [];
    const keptUids = new Set<number>();
    for (let i = 0; i < kept.length; i++) keptUids.add(kept.uidAt(i));
    return plan.inRangeUids.filter((uid) => !keptUids.has(uid));
  };
}

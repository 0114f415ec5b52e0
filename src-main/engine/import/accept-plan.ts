import type { FolderInfo } from '../../../src-shared/domain.ts';
import type { ArchiveWriter } from '../archive/writer-thread.ts';
import { planFolder, type FolderPlan } from './folder-plan.ts';
import { leftOutByServer } from './folder-problems.ts';
import { newestFirst, pendingBytes } from './batching.ts';
import type { ProgressTracker } from './progress.ts';
import type { RunContext } from './run-context.ts';
import { scanInLanes, startScanLanes } from './scan-lanes.ts';

/** A folder's plan, once every folder before it is planned too (--max-messages counts in folder order). */
export interface AcceptedPlan {
  plan: FolderPlan;
  /** the folder's archive row (ensureFolders) */
  folderId: number;
  /** the scan's completeness record, queued on the writer ahead of the folder's batches */
  recorded: Promise<void>;
}

/** Folder plans on their way to the import. */
export interface PlanFeed {
  /** one per folder, in folder order */
  plans: Promise<AcceptedPlan>[];
  /**
   * The import is ready for this folder and its connection is free: a folder no extra connection has
   * taken yet is scanned over it now (always the first one, before the extra connections have logged in).
   */
  wanted(index: number): void;
  /** scans no further folder; resolves once the extra connections are closed */
  stop(): Promise<void>;
}

/** Plans every folder for a dry run, which needs them all before it can say anything. */
export async function planAll(
  context: RunContext,
  folders: FolderInfo[],
  tracker: ProgressTracker,
): Promise<FolderPlan[]> {
  const plans = await scanInLanes(context, folders, planShown(tracker));
  const keep = newestKept(context.request.options.maxMessages);
  for (const plan of plans) keep(plan);
  return plans;
}

/**
 * Plans the folders for an import that starts on the first folder while the others are still being
 * scanned, instead of scanning them all first (the benchmark's 52k messages through a 100 ms round trip,
 * alternating runs: the newest 10k in 7.8-8.2 s before, 6.4-6.7 s with it; all of them in 21.6-22.5 s
 * before, 19.9-20.7 s with it). Each folder's promise settles once that folder and those before it are
 * planned, so a plan's totals join the progress as early as they are known. A failed scan rejects its
 * folder and every later one.
 */
export function feedPlans(
  context: RunContext,
  folders: FolderInfo[],
  sink: { writer: ArchiveWriter; folderIds: Map<string, number>; tracker: ProgressTracker },
): PlanFeed {
  const { options } = context.request;
  const lanes = startScanLanes(context, folders, planShown(sink.tracker), { runConnection: 'on-demand' });
  const keep = newestKept(options.maxMessages);
  let previous: Promise<unknown> = Promise.resolve();
  const plans = lanes.results.map((result) => {
    const next = Promise.all([result, previous]).then(([plan]): AcceptedPlan => {
      const inRange = plan.inRangeUids;
      const filtered = keep(plan);
      sink.tracker.planned(
        { path: plan.folder.path, uidValidity: plan.server.uidValidity },
        // UIDs no message can have count as to download and failed (import-folder.ts: emptyFolderSummary)
        plan.pending.length + leftOutByServer(plan),
        pendingBytes(plan.pending),
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
            });
      // Awaited with the folder's import; until then a failure must not count as unhandled.
      recorded.catch(() => undefined);
      return { plan, folderId, recorded };
    });
    next.catch(() => undefined);
    previous = next;
    return next;
  });
  return {
    plans,
    wanted: (index) => {
      lanes.scanHere(index);
    },
    stop: () => lanes.stop(),
  };
}

/** Plans one folder (EXAMINE, SEARCH, FETCH sizes), over a new connection if one drops. */
export function planOne(context: RunContext, folder: FolderInfo): Promise<FolderPlan> {
  const { db, account, options } = context.request;
  const { signal } = context.hooks;
  return context.resilience.run(`scanning "${folder.path}"`, async (client) => {
    await context.throttle.command(signal);
    const lock = await client.getMailboxLock(folder.path, { readOnly: true });
    try {
      return await planFolder(client, db, account.id, folder, options.range, {
        beforeCommand: () => context.throttle.command(signal),
        onlyFailed: context.request.onlyFailed === true,
        host: account.host,
      });
    } finally {
      lock.release();
    }
  });
}

/** A lane's scan: the folder shows in the progress as being scanned, then is planned. */
function planShown(
  tracker: ProgressTracker,
): (lane: RunContext, folder: FolderInfo, index: number) => Promise<FolderPlan> {
  return (lane, folder, index) => {
    tracker.planning(folder.path, index);
    return planOne(lane, folder);
  };
}

/**
 * --max-messages keeps the newest N of the whole run, folder by folder in listing order: called on each
 * plan in that order, it trims the plan's pending messages (counting them as left out) and returns the
 * in-range UIDs it left out.
 */
function newestKept(maxMessages: number | null): (plan: FolderPlan) => number[] {
  let budget = maxMessages ?? Number.POSITIVE_INFINITY;
  return (plan) => {
    const kept = [...plan.pending].sort(newestFirst).slice(0, Math.max(0, budget));
    const filtered = plan.pending.length - kept.length;
    plan.pending = kept;
    plan.leftOut = filtered;
    budget -= kept.length;
    if (filtered === 0 || plan.inRangeUids === null) return [];
    const keptUids = new Set(kept.map((m) => m.uid));
    return plan.inRangeUids.filter((uid) => !keptUids.has(uid));
  };
}

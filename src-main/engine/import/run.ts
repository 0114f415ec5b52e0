export { DEFAULT_STALL_TIMEOUT_MS, type EngineHooks, type ImportRequest } from './run-context.ts';
import type Database from 'better-sqlite3';
import type { FolderImportSummary, FolderInfo, ImportSummary } from '../../../src-shared/domain.ts';
import type { StoredAccount } from '../archive/accounts-repo.ts';
import { measuredThroughput } from '../archive/runs-repo.ts';
import { startArchiveWriter, type ArchiveWriter } from '../archive/writer-thread.ts';
import { downloadedOn } from '../archive/scans-repo.ts';
import { computeThreads, needsRethread } from '../archive/threads-repo.ts';
import { describeArchiveFailure } from '../archive/failures.ts';
import { listFolders } from '../imap/folders.ts';
import { openSession } from '../imap/session.ts';
import { createParsePool, type ParsePool } from '../mime/pool.ts';
import { createChunkSizer } from './chunk-size.ts';
import type { FolderPlan } from './folder-plan.ts';
import { emptyFolderSummary, importFolder } from './import-folder.ts';
import { feedPlans, planAll, planOne } from './plan-feed.ts';
import { DEFAULT_THROUGHPUT, estimateSeconds } from './batching.ts';
import { createProgressTracker } from './progress.ts';
import {
  DEFAULT_STALL_TIMEOUT_MS,
  resilienceFor,
  socketTimeoutFor,
  type EngineHooks,
  type ImportRequest,
  type RunContext,
} from './run-context.ts';
import { selectFolders } from './select-folders.ts';
import { cleanSpool, spoolDirFor } from './spool.ts';
import { createInFlight } from './store-pipeline.ts';
import { summarize } from './summary.ts';
import { createThrottle, NO_LIMITS } from './throttle.ts';

/**
 * Imports an account's mail into the archive: plans each selected folder (SEARCH on INTERNALDATE, minus
 * what is archived) and downloads it newest first in batches, each committed with its checkpoint; the
 * first folder downloads while the others are still being planned. Drops, stalls and throttling are
 * retried with backoff over fresh connections; a wrong password stops at once. A dry run stops after
 * planning and writes nothing.
 */
export async function runImport(request: ImportRequest, hooks: EngineHooks = {}): Promise<ImportSummary> {
  const startedAt = performance.now();
  const { db, account, password, options } = request;
  // The first login is not retried: a wrong password or host must say so at once (exit 3).
  const session = await openSession(account, password, {
    socketTimeoutMs: socketTimeoutFor(request),
  });
  hooks.onConnected?.();
  // The parser threads boot (load their modules) while the folders are being planned.
  const pool = options.dryRun ? null : createParsePool();
  // Every write of the run goes through it; this connection only reads until the run ends.
  const writer = options.dryRun ? null : startArchiveWriter(db);
  // Bytes sent to the writer but not yet committed still count against the daily budget.
  const uncommitted = new Map<string, number>();
  const limits = request.limits ?? options.limits ?? NO_LIMITS;
  const context: RunContext = {
    request,
    hooks,
    session,
    resilience: resilienceFor(session, request, hooks),
    throttle: createThrottle(limits, {
      budget: {
        usedOn: (day) => downloadedOn(db, account.id, day) + (uncommitted.get(day) ?? 0),
        add: (day, bytes) => {
          if (!writer) return;
          uncommitted.set(day, (uncommitted.get(day) ?? 0) + bytes);
          const committed = (): void => {
            uncommitted.set(day, (uncommitted.get(day) ?? 0) - bytes);
          };
          // A failed write here fails the batches queued behind it too, which the run reports.
          writer.run('addDownloaded', { accountId: account.id, day, bytes }).then(committed, committed);
        },
      },
      onWait: hooks.onWait,
    }),
  };
  try {
    const folders = await context.resilience.run('listing folders', async (client) => {
      await context.throttle.command(hooks.signal);
      return listFolders(client, { withSizes: false });
    });
    const selected = selectFolders(folders, options);
    if (!pool || !writer) {
      const tracker = createProgressTracker(selected.length, (p) => hooks.onProgress?.(p));
      return dryRunSummary(db, account, await planAll(context, selected, tracker), startedAt);
    }
    return await importFolders(context, selected, { pool, writer }, startedAt);
  } catch (error) {
    throw describeArchiveFailure(error, account.name);
  } finally {
    await pool?.close();
    await writer?.close();
    await session.close();
  }
}

function dryRunSummary(
  db: Database.Database,
  account: StoredAccount,
  plans: FolderPlan[],
  startedAt: number,
): ImportSummary {
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

async function importFolders(
  context: RunContext,
  selected: FolderInfo[],
  { pool, writer }: { pool: ParsePool; writer: ArchiveWriter },
  startedAt: number,
): Promise<ImportSummary> {
  const { request, hooks } = context;
  const { db, account, options } = request;
  const runId = await writer.run('startRun', {
    accountId: account.id,
    options,
    jobId: request.jobId ?? null,
  });
  // Every folder's row before the first scan: later folder ids are only looked up.
  const folderIds = await writer.run('ensureFolders', {
    accountId: account.id,
    folders: selected.map(({ path, delimiter, specialUse }) => ({ path, delimiter, specialUse })),
  });
  const tracker = createProgressTracker(selected.length, (p) => hooks.onProgress?.(p), {
    earlier: request.earlier ?? null,
  });
  const head = { account: account.name, dryRun: false, folderCount: selected.length };
  const bytesPerSecond = (request.limits ?? options.limits)?.bytesPerSecond ?? null;
  const folders: FolderImportSummary[] = [];
  let interrupted = false;
  const inFlight = createInFlight();
  // One range size for the run: it is the link's, whichever folder a large message is in.
  const large = { spoolDir: spoolDirFor(db), sizer: createChunkSizer() };
  await cleanSpool(large.spoolDir, () => false);
  const feed = feedPlans(context, selected, { writer, folderIds, tracker });
  // Plans known so far, by folder index: a run stopped early still reports the folders it counted.
  const knownPlans = new Map<number, FolderPlan>();
  for (const [index, plan] of feed.plans.entries()) {
    plan.then(
      (accepted) => knownPlans.set(index, accepted.plan),
      () => undefined,
    );
  }
  const unsettled: Promise<unknown>[] = [];
  // Pause or cancel can land inside a throttle or backoff wait, which then throws: still a clean stop.
  const stopped = async (folder: Promise<boolean>): Promise<boolean> => {
    try {
      return await folder;
    } catch (error) {
      if (!hooks.signal?.aborted) throw error;
      return true;
    }
  };
  try {
    // The folder before, writing its last batches while the next one already downloads.
    let writing: Promise<boolean> | null = null;
    for (const [index, planned] of feed.plans.entries()) {
      if (hooks.signal?.aborted) {
        interrupted = true;
        break;
      }
      feed.wanted(index);
      const accepted = await planned.catch((error: unknown) => {
        // Paused or cancelled while the folder was being scanned: a clean stop, like between batches.
        if (hooks.signal?.aborted) return null;
        throw error;
      });
      if (accepted === null) {
        interrupted = true;
        break;
      }
      const { plan, folderId, recorded } = accepted;
      const summary = emptyFolderSummary(plan);
      folders.push(summary);
      let downloaded = (): void => undefined;
      const connectionFree = new Promise<void>((resolve) => {
        downloaded = resolve;
      });
      const imported = importFolder(plan, summary, {
        db,
        folderId,
        options,
        runId,
        index,
        pool,
        writer,
        inFlight,
        tracker,
        session: context.session,
        resilience: context.resilience,
        throttle: context.throttle,
        stallTimeoutMs: request.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS,
        large,
        signal: hooks.signal,
        // Two seconds' worth per batch keeps a byte limit smooth instead of bursty.
        ...(bytesPerSecond === null ? {} : { maxBatchBytes: Math.max(64 * 1024, bytesPerSecond * 2) }),
        onlyFailed: request.onlyFailed === true,
        replan: () => planOne(context, plan.folder),
        onDownloaded: () => {
          downloaded();
        },
      });
      // The scan record went to the writer first; it is committed before the folder's batches.
      const folderDone = Promise.all([imported, recorded]).then(([stopped]) => stopped);
      unsettled.push(folderDone);
      const first = await Promise.race([
        connectionFree.then(() => 'downloaded' as const),
        // Also keeps an early failure from counting as unhandled until it is awaited.
        folderDone.then(
          () => 'ended' as const,
          () => 'ended' as const,
        ),
      ]);
      if (writing) interrupted = (await stopped(writing)) || interrupted;
      writing = folderDone;
      // A folder that ended without finishing its downloads (a failure) is seen to before the next starts.
      if (first === 'ended') {
        writing = null;
        interrupted = (await stopped(folderDone)) || interrupted;
      }
    }
    if (writing) interrupted = (await stopped(writing)) || interrupted;
    await feed.stop();
  } catch (error) {
    // No folder may still be scanning or writing when the run is closed.
    await feed.stop();
    await Promise.allSettled(unsettled);
    // Best effort: on a full disk even this row may not fit. Threads wait for the next run, which
    // re-threads whatever is unthreaded.
    try {
      await writer.run('finishRun', {
        runId,
        status: 'failed',
        summary: summarize(head, folders, startedAt),
      });
    } catch {
      // the run stays 'running' in the log; the job records the failure
    }
    throw error;
  }
  // The parser threads' heaps go before the whole-archive pass below builds its own: peak memory is the
  // larger of the two, not their sum. Every batch is committed once the flush answers.
  await Promise.all([pool.close(), writer.run('flush', undefined)]);
  // Threads are recomputed over the whole archive (new mail can join or merge existing threads): read
  // here, the changes written by the writer.
  const stored = folders.reduce((n, f) => n + f.new, 0);
  if (needsRethread(db, stored)) await writer.run('threads', computeThreads(db).changes);
  tracker.finish(interrupted);
  if (interrupted) {
    // Planned but not reached: to download by a later run. With them the totals are the progress's.
    const reached = new Set(folders.map((f) => f.path));
    for (const [, plan] of [...knownPlans].sort(([a], [b]) => a - b)) {
      if (!reached.has(plan.folder.path)) folders.push(emptyFolderSummary(plan));
    }
  }
  const summary = summarize(head, folders, startedAt);
  await writer.run('finishRun', { runId, status: interrupted ? 'interrupted' : 'completed', summary });
  return summary;
}

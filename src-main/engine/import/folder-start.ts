import { once } from 'node:events';
import type { FolderImportSummary } from '../../../src-shared/domain.ts';
import type { ArchiveWriter } from '../archive/writer-thread.ts';
import type { ParsePool } from '../mime/pool.ts';
import type { AcceptedPlan } from './accept-plan.ts';
import type { ChunkSizer } from './chunk-size.ts';
import { scanFolder } from './folder-plan.ts';
import type { FolderQueue, QueuedFolder } from './folder-queue.ts';
import { importFolder } from './import-folder.ts';
import type { ProgressTracker } from './progress.ts';
import { DEFAULT_STALL_TIMEOUT_MS, type RunContext } from './run-context.ts';
import { createInFlight } from './store-pipeline.ts';

/** One folder's import under way. */
export interface FolderImport {
  /** settles when the run's connection is free for the next folder: downloaded, or the folder ended */
  connectionFree: Promise<void>;
  /** true once the folder's mail is downloaded (only writing may be left) */
  downloaded(): boolean;
  /** the folder imported and its batches written; true when stopped early (pause, cancel) */
  finished: Promise<boolean>;
}

/**
 * What starts each planned folder's import over the run's connection, moving it through the queue's
 * states: downloading, then writing once the connection is free, then done or failed.
 */
export function folderStarter(
  context: RunContext,
  run: {
    runId: number;
    pool: ParsePool;
    writer: ArchiveWriter;
    tracker: ProgressTracker;
    large: { spoolDir: string; sizer: ChunkSizer };
    queue: FolderQueue<AcceptedPlan>;
  },
): (entry: QueuedFolder<AcceptedPlan>, accepted: AcceptedPlan, summary: FolderImportSummary) => FolderImport {
  const { request, hooks } = context;
  const { queue } = run;
  const bytesPerSecond = (request.limits ?? request.options.limits)?.bytesPerSecond ?? null;
  // Batches in memory, counted over the run's folders.
  const inFlight = createInFlight();
  return (entry, { plan, folderId, recorded }, summary) => {
    queue.moveTo(entry.index, 'downloading');
    // Fired when the download is over; importFolder may call back before it returns (nothing to fetch).
    const free = new AbortController();
    let downloaded = false;
    const imported = importFolder(plan, summary, {
      db: request.db,
      folderId,
      options: request.options,
      runId: run.runId,
      index: entry.index,
      pool: run.pool,
      writer: run.writer,
      inFlight,
      tracker: run.tracker,
      session: context.session,
      resilience: context.resilience,
      throttle: context.throttle,
      stallTimeoutMs: request.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS,
      large: run.large,
      signal: hooks.signal,
      // Two seconds' worth per batch keeps a byte limit smooth instead of bursty.
      ...(bytesPerSecond === null ? {} : { maxBatchBytes: Math.max(64 * 1024, bytesPerSecond * 2) }),
      onlyFailed: request.onlyFailed === true,
      // The listing's STATUS values are stale once the folder was renumbered: a full scan.
      replan: () => scanFolder(context, plan.folder, { fromStatus: false }),
      onDownloaded: () => {
        downloaded = true;
        queue.moveTo(entry.index, 'writing');
        free.abort();
      },
    });
    // The scan record went to the writer first; it is committed before the folder's batches.
    const finished = Promise.all([imported, recorded]).then(([stopped]) => stopped);
    const ended = finished.then(
      () => {
        queue.moveTo(entry.index, 'done');
      },
      () => {
        queue.moveTo(entry.index, 'failed');
      },
    );
    const connectionFree = Promise.race([
      free.signal.aborted ? Promise.resolve() : once(free.signal, 'abort').then(() => undefined),
      // Also keeps an early failure from counting as unhandled until it is awaited.
      ended,
    ]);
    return { connectionFree, downloaded: () => downloaded, finished };
  };
}

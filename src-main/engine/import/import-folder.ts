import type Database from 'better-sqlite3';
import { plannedCounts, type FolderImportSummary } from '../../../src-shared/counts.ts';
import type { ImportOptions } from '../../../src-shared/domain.ts';
import { parserFailures } from '../archive/folders-repo.ts';
import { createShaLookup, type BatchFailure } from '../archive/messages-repo.ts';
import type { ArchiveWriter } from '../archive/writer-thread.ts';
import type { ImapSession } from '../imap/session.ts';
import type { ParsePool } from '../mime/pool.ts';
import type { ChunkSizer } from './chunk-size.ts';
import { downloadBatch, PARSER_DIED, type FetchedBatch } from './fetch-batch.ts';
import type { FolderPlan } from './folder-plan.ts';
import { leftOutByServer, takeFolderProblems } from './folder-problems.ts';
import { downloadLarge, LARGE_MESSAGE_BYTES } from './large-message.ts';
import { batchSizeFor, createBatchCutter, pendingBytes, type PendingMessage } from './batching.ts';
import { PendingList, RemainingMessages } from './pending-list.ts';
import type { ProgressTracker } from './progress.ts';
import type { Resilience } from './retry-loop.ts';
import type { Reading } from './ranged-download.ts';
import { cleanSpool } from './spool.ts';
import { createStorePipeline, PARSE_AHEAD, type InFlight } from './store-pipeline.ts';
import type { Throttle } from './throttle.ts';

/** A batch never holds more than this many bytes of mail in memory, whatever --batch-size says. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

export interface FolderRun {
  db: Database.Database;
  /** the folder's archive row, made before the import started (ensureFolders) */
  folderId: number;
  options: ImportOptions;
  runId: number;
  index: number;
  pool: ParsePool;
  /** writes the batches, in order, beside the download and the parsers */
  writer: ArchiveWriter;
  /** batches in memory, counted over the run's folders */
  inFlight: InFlight;
  tracker: ProgressTracker;
  session: ImapSession;
  resilience: Resilience;
  throttle: Throttle;
  stallTimeoutMs: number;
  /** large messages: where their received part is kept, and the range size learned from the link */
  large: { spoolDir: string; sizer: ChunkSizer };
  signal?: AbortSignal;
  /** batches are made smaller when a byte rate is set, so the pace stays even */
  maxBatchBytes?: number;
  /** a `--retry-failed` run: it saw only the failed UIDs, so it must not overwrite the scan's checkpoint */
  onlyFailed: boolean;
  /** plans the folder again (after its UIDVALIDITY changed under a reconnect) */
  replan: () => Promise<FolderPlan>;
  /**
   * Called when the folder's mail is downloaded and only writing is left (the connection is free for the
   * next folder). It may need the connection once more afterwards, for messages whose parser thread died.
   */
  onDownloaded?: () => void;
}

/** The folder's UIDVALIDITY changed between two connections: its UIDs mean other messages now. */
class FolderRenumbered extends Error {}

/**
 * Downloads a folder's pending messages, newest first, in batches committed with their checkpoint. When the
 * connection fails, the messages that arrived whole are kept, and after a backoff and a fresh login only the
 * rest is fetched. Counts into `summary` as it goes (so a pause that throws out of a wait keeps the counts);
 * returns whether the run was stopped (pause/cancel) early.
 */
export async function importFolder(
  firstPlan: FolderPlan,
  summary: FolderImportSummary,
  run: FolderRun,
): Promise<boolean> {
  let plan = firstPlan;
  const { folderId } = run;
  if (!(await takeFolderProblems(plan, summary, run))) {
    run.onDownloaded?.();
    return false;
  }
  run.tracker.settled(plan.folder.path, leftOutByServer(plan), 0);
  let remaining = new RemainingMessages(plan.pending);
  const isKnown = createShaLookup(run.db);
  let parserFailed = parserFailures(run.db, folderId, plan.server.uidValidity);
  if (remaining.size > 0) run.tracker.startFolder(plan.folder.path, run.index);

  // Messages whose parser thread died under them, with whatever else it had queued: parsed again one at a
  // time once the folder's other mail is in, so only a message that kills a thread on its own is blamed.
  const crashed = new Set<number>();
  let alone = false;
  // Odd readings of large messages (length not RFC822.SIZE), compared with the next reading.
  const readings = new Map<number, Reading>();

  const store = async (fetched: FetchedBatch, uidValidity: number): Promise<void> => {
    const retryAlone = alone ? [] : fetched.failures.filter((f) => f.code === PARSER_DIED);
    for (const failure of retryAlone) if (remaining.has(failure.uid)) crashed.add(failure.uid);
    const written = await run.writer.write({
      runId: run.runId,
      folderId,
      uidValidity,
      items: fetched.items,
      failures: [...fetched.failures, ...fetched.vanished.map(vanishedFailure)],
    });
    await fetched.onWritten?.();
    for (const item of fetched.items) remaining.delete(item.uid);
    for (const failure of fetched.failures) remaining.delete(failure.uid);
    for (const uid of fetched.vanished) remaining.delete(uid);
    // counts.ts: fetched = new + sameContent; a message the writer could not store counts as failed.
    const failed = fetched.failures.length - retryAlone.length + written.failed;
    summary.fetched += written.new + written.sameContent;
    summary.new += written.new;
    summary.sameContent += written.sameContent;
    summary.parseFailed += written.parseFailed;
    summary.badInternalDates += written.badInternalDates;
    summary.failed += failed;
    summary.vanished += fetched.vanished.length;
    summary.bytes += fetched.bytes;
    run.throttle.downloaded(fetched.bytes);
    run.tracker.settled(
      plan.folder.path,
      written.new + written.sameContent + failed + fetched.vanished.length,
      fetched.items.length + fetched.failures.length,
    );
  };

  /** Fetches until nothing remains; true when stopped early by the signal. */
  const fetchAll = async (): Promise<boolean> => {
    let interrupted = false;
    while (remaining.size > 0 && !interrupted) {
      try {
        const pass = await run.resilience.run(`fetching "${plan.folder.path}"`, async (client) => {
          await run.throttle.command(run.signal);
          const lock = await client.getMailboxLock(plan.folder.path, { readOnly: true });
          try {
            if (Number(client.mailbox ? client.mailbox.uidValidity : -1) !== plan.server.uidValidity) {
              throw new FolderRenumbered();
            }
            return await fetchRemaining(remaining.snapshot(), run, alone, {
              isKnown,
              parserFailedBefore: (uid) => parserFailed.has(uid),
              store: (fetched) => store(fetched, plan.server.uidValidity),
              uidValidity: plan.server.uidValidity,
              readings,
            });
          } finally {
            lock.release();
          }
        });
        // The last batches are written with the folder unlocked, so the next folder can start meanwhile.
        run.onDownloaded?.();
        await pass.written;
        interrupted = pass.interrupted;
      } catch (error) {
        if (!(error instanceof FolderRenumbered)) throw error;
        // Content identity keeps a rescan from adding doubles (after a UIDVALIDITY reset).
        plan = await run.replan();
        plan.leftOut = 0;
        remaining = new RemainingMessages(PendingList.empty);
        crashed.clear();
        readings.clear();
        // The folder's counts start again for its new UIDs: what came before is found again by content.
        Object.assign(summary, emptyFolderSummary(plan), { bytes: summary.bytes });
        if (!(await takeFolderProblems(plan, summary, run))) break;
        remaining = new RemainingMessages(plan.pending);
        parserFailed = parserFailures(run.db, folderId, plan.server.uidValidity);
        run.tracker.planned(
          { path: plan.folder.path, uidValidity: plan.server.uidValidity },
          plan.pending.length + leftOutByServer(plan),
          plan.pending.bytes(),
        );
        run.tracker.settled(plan.folder.path, leftOutByServer(plan), 0);
      }
    }
    return interrupted;
  };
  let interrupted = await fetchAll();
  if (!interrupted && crashed.size > 0) {
    alone = true;
    for (const uid of crashed) remaining.restore(uid);
    crashed.clear();
    interrupted = await fetchAll();
  }
  // Stopped before their second chance: they stay failed (their error rows are written), as reported.
  summary.failed += crashed.size;
  run.tracker.settled(plan.folder.path, crashed.size, 0);
  // Every message was stored or recorded as failed: no spool file of the folder is wanted any more
  // (those of messages that vanished or of an earlier UIDVALIDITY included).
  if (!interrupted) await cleanSpool(run.large.spoolDir, (key) => key.folderId === folderId);
  // A skipped folder keeps its checkpoint: it covers this range and maybe a wider one. One skipped for
  // the server's UIDVALIDITY (summary.error) has none to write.
  const skipped = summary.error !== undefined;
  const complete = !interrupted && !skipped && summary.leftOut === 0 && summary.failed === 0;
  if (complete && plan.decision.type !== 'skip' && !run.onlyFailed && plan.partial !== true) {
    await run.writer.run('completeCheckpoint', {
      folderId,
      uidValidity: plan.server.uidValidity,
      uidNext: plan.server.uidNext,
      serverMessages: plan.server.messages,
      range: run.options.range,
      inRange: plan.inRange - summary.vanished,
      highestModseq: plan.highestModseq,
    });
  }
  return interrupted;
}

interface BatchSink {
  isKnown: (sha256: Buffer) => boolean;
  parserFailedBefore: (uid: number) => boolean;
  store: (fetched: FetchedBatch) => Promise<void>;
  uidValidity: number;
  readings: Map<number, Reading>;
}

/** The end of one connection's worth of downloads. */
interface FetchPass {
  /** stopped early by the signal */
  interrupted: boolean;
  /** every downloaded batch written (rejects with the first failed write) */
  written: Promise<void>;
}

/**
 * One connection's worth of work: later batches download while earlier ones are parsed and written (see
 * createStorePipeline); `alone`, one message at a time with nothing else in the parser threads. Returns
 * once everything is downloaded; the last batches may still be parsing and writing.
 */
async function fetchRemaining(
  pending: PendingList,
  run: FolderRun,
  alone: boolean,
  sink: BatchSink,
): Promise<FetchPass> {
  const maxBytes = Math.min(MAX_BATCH_BYTES, run.maxBatchBytes ?? MAX_BATCH_BYTES);
  const cutter = createBatchCutter(pending, maxBytes, LARGE_MESSAGE_BYTES);
  let roundTripMs: number | null = null;
  const nextBatch = (): PendingMessage[] | null =>
    cutter.next(alone ? 1 : batchSizeFor(run.options.batchSize, roundTripMs));
  const deps = {
    pool: run.pool,
    isKnown: sink.isKnown,
    parserFailedBefore: sink.parserFailedBefore,
    onMessage: (bytes: number) => {
      run.tracker.message(bytes);
      run.resilience.progressed();
    },
    stallTimeoutMs: run.stallTimeoutMs,
    onStall: () => {
      run.session.abort();
    },
  };
  const pipeline = createStorePipeline(sink.store, alone ? 1 : PARSE_AHEAD, run.inFlight);
  const largeDeps = {
    ...deps,
    spoolDir: run.large.spoolDir,
    folderId: run.folderId,
    uidValidity: sink.uidValidity,
    ranged: {
      sizer: run.large.sizer,
      beforeRange: async (bytes: number) => {
        // A pause lands between two ranges; the spool keeps what arrived for the resumed run.
        run.signal?.throwIfAborted();
        await run.throttle.download(bytes, run.signal);
        await run.throttle.command(run.signal);
      },
      onRange: () => {
        run.resilience.progressed();
      },
      readings: sink.readings,
    },
    roomForWhole: () => pipeline.quiet(),
  };
  try {
    for (let batch = nextBatch(); batch; batch = nextBatch()) {
      if (run.signal?.aborted) return { interrupted: true, written: pipeline.drain() };
      const large = batch.length === 1 && (batch[0]?.size ?? 0) >= LARGE_MESSAGE_BYTES;
      if (!large) {
        await run.throttle.download(pendingBytes(batch), run.signal);
        await run.throttle.command(run.signal);
      }
      await pipeline.readyForNext();
      const downloaded =
        large && batch[0]
          ? await downloadLarge(run.session.client, batch[0], largeDeps)
          : await downloadBatch(run.session.client, batch, deps);
      // The quickest first answer so far: a busy moment on the server is not distance.
      if (downloaded.firstMessageMs !== null) {
        roundTripMs = Math.min(roundTripMs ?? Infinity, downloaded.firstMessageMs);
      }
      pipeline.add(downloaded.complete, large);
      if (downloaded.error !== null) {
        // Keep what arrived whole, then let the retry loop reconnect for the rest.
        await pipeline.drain();
        throw downloaded.error;
      }
      // A FETCH that ended normally moved things on, even when all it asked for had been expunged.
      run.resilience.progressed();
    }
  } catch (error) {
    await pipeline.drain().catch(() => undefined);
    throw error;
  }
  return { interrupted: false, written: pipeline.drain() };
}

/** A folder's summary once it is planned, before anything is downloaded. */
export function emptyFolderSummary(plan: FolderPlan): FolderImportSummary {
  const skipped = plan.problems.find((p) => p.leftOut === null);
  const badUids = leftOutByServer(plan);
  return {
    path: plan.folder.path,
    uidValidity: skipped ? null : plan.server.uidValidity,
    ...plannedCounts({
      // UIDs the server listed that no message can have are in range, to download, and failed at once.
      inRange: plan.inRange + badUids,
      alreadyArchived: plan.alreadyArchived,
      leftOut: plan.leftOut,
      toFetchBytes: plan.pending.bytes(),
    }),
    failed: badUids,
    decision: `${plan.decision.type}: ${plan.decision.reason}`,
    ...(skipped ? { error: skipped.message } : {}),
  };
}

function vanishedFailure(uid: number): BatchFailure {
  return { uid, code: 'vanished', message: 'Expunged from the server after the folder was searched.' };
}

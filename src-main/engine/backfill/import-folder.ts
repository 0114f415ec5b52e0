import type Database from 'better-sqlite3';
import type { FolderImportSummary, ImportOptions } from '../../../src-shared/domain.ts';
import { completeCheckpoint, ensureFolder, parserFailures } from '../archive/folders-repo.ts';
import { createBatchWriter, createShaLookup, type BatchFailure } from '../archive/messages-repo.ts';
import type { ImapSession } from '../imap/session.ts';
import type { ParsePool } from '../mime/pool.ts';
import { downloadBatch, type FetchedBatch } from './fetch-batch.ts';
import type { FolderPlan } from './folder-plan.ts';
import { planBatches, type PendingMessage } from './plan.ts';
import type { ProgressTracker } from './progress.ts';
import type { Resilience } from './resilience.ts';
import type { Throttle } from './throttle.ts';

/** A batch never holds more than this many bytes of mail in memory, whatever --batch-size says. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

export interface FolderRun {
  db: Database.Database;
  accountId: number;
  options: ImportOptions;
  runId: number;
  index: number;
  pool: ParsePool;
  tracker: ProgressTracker;
  session: ImapSession;
  resilience: Resilience;
  throttle: Throttle;
  stallTimeoutMs: number;
  signal?: AbortSignal;
  /** batches are made smaller when a byte rate is set, so the pace stays even */
  maxBatchBytes?: number;
  /** a `--retry-failed` run: it saw only the failed UIDs, so it must not overwrite the scan's checkpoint */
  onlyFailed: boolean;
  /** plans the folder again (after its UIDVALIDITY changed under a reconnect) */
  replan: () => Promise<FolderPlan>;
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
  const folderId = ensureFolder(run.db, run.accountId, plan.folder);
  const capped = plan.pending.length < plan.inRange - plan.alreadyArchived;
  const remaining = new Map(plan.pending.map((m) => [m.uid, m]));
  const writeBatch = createBatchWriter(run.db);
  const isKnown = createShaLookup(run.db);
  let parserFailed = parserFailures(run.db, folderId, plan.server.uidValidity);
  const totalBytes = plan.pending.reduce((s, m) => s + m.size, 0);
  if (remaining.size > 0) run.tracker.startFolder(plan.folder.path, run.index, remaining.size, totalBytes);

  const store = (fetched: FetchedBatch, uidValidity: number): void => {
    const written = writeBatch({
      runId: run.runId,
      folderId,
      uidValidity,
      items: fetched.items,
      failures: [...fetched.failures, ...fetched.vanished.map(vanishedFailure)],
    });
    for (const item of fetched.items) remaining.delete(item.uid);
    for (const failure of fetched.failures) remaining.delete(failure.uid);
    for (const uid of fetched.vanished) remaining.delete(uid);
    summary.fetched += fetched.items.length;
    summary.new += written.new;
    summary.duplicates += written.duplicates;
    summary.parseFailed += written.parseFailed;
    summary.failed += fetched.failures.length;
    summary.vanished += fetched.vanished.length;
    summary.bytes += fetched.bytes;
    run.throttle.downloaded(fetched.bytes);
    if (fetched.items.length > 0 || fetched.vanished.length > 0) run.resilience.progressed();
  };

  let interrupted = false;
  while (remaining.size > 0 && !interrupted) {
    try {
      interrupted = await run.resilience.run(`fetching "${plan.folder.path}"`, async (client) => {
        await run.throttle.command(run.signal);
        const lock = await client.getMailboxLock(plan.folder.path, { readOnly: true });
        try {
          if (Number(client.mailbox ? client.mailbox.uidValidity : -1) !== plan.server.uidValidity) {
            throw new FolderRenumbered();
          }
          return await fetchRemaining([...remaining.values()], run, {
            isKnown,
            parserFailedBefore: (uid) => parserFailed.has(uid),
            store: (fetched) => {
              store(fetched, plan.server.uidValidity);
            },
          });
        } finally {
          lock.release();
        }
      });
    } catch (error) {
      if (!(error instanceof FolderRenumbered)) throw error;
      // Content identity keeps a rescan from adding doubles (PRODUCT.md: UIDVALIDITY reset).
      plan = await run.replan();
      remaining.clear();
      for (const m of plan.pending) remaining.set(m.uid, m);
      parserFailed = parserFailures(run.db, folderId, plan.server.uidValidity);
      summary.uidValidity = plan.server.uidValidity;
    }
  }
  if (!interrupted && !capped && summary.failed === 0 && !run.onlyFailed) {
    completeCheckpoint(run.db, {
      folderId,
      uidValidity: plan.server.uidValidity,
      uidNext: plan.server.uidNext,
      serverMessages: plan.server.messages,
      range: run.options.range,
      inRange: plan.inRange - summary.vanished,
    });
  }
  return interrupted;
}

interface BatchSink {
  isKnown: (sha256: Buffer) => boolean;
  parserFailedBefore: (uid: number) => boolean;
  store: (fetched: FetchedBatch) => void;
}

/**
 * One connection's worth of work: batch N+1 downloads while batch N is parsed and written, so at most
 * two batches are in memory. Returns true when stopped early by the signal.
 */
async function fetchRemaining(pending: PendingMessage[], run: FolderRun, sink: BatchSink): Promise<boolean> {
  const maxBytes = Math.min(MAX_BATCH_BYTES, run.maxBatchBytes ?? MAX_BATCH_BYTES);
  const batches = planBatches(pending, { maxMessages: run.options.batchSize, maxBytes });
  const deps = {
    pool: run.pool,
    isKnown: sink.isKnown,
    parserFailedBefore: sink.parserFailedBefore,
    onMessage: (bytes: number) => {
      run.tracker.message(bytes);
    },
    stallTimeoutMs: run.stallTimeoutMs,
    onStall: () => {
      run.session.abort();
    },
  };
  let previous: Promise<void> = Promise.resolve();
  try {
    for (const batch of batches) {
      if (run.signal?.aborted) {
        await previous;
        return true;
      }
      await run.throttle.download(
        batch.reduce((n, m) => n + m.size, 0),
        run.signal,
      );
      await run.throttle.command(run.signal);
      const downloaded = await downloadBatch(run.session.client, batch, deps);
      await previous;
      previous = downloaded.complete.then(sink.store);
      if (downloaded.error !== null) {
        // Keep what arrived whole, then let the retry loop reconnect for the rest.
        await previous;
        throw downloaded.error;
      }
      // Observed later by `await previous`; this only keeps a failure from counting as unhandled meanwhile.
      previous.catch(() => undefined);
    }
    await previous;
  } catch (error) {
    await previous.catch(() => undefined);
    throw error;
  }
  return false;
}

export function emptyFolderSummary(plan: FolderPlan): FolderImportSummary {
  return {
    path: plan.folder.path,
    uidValidity: plan.server.uidValidity,
    inRange: plan.inRange,
    fetched: 0,
    new: 0,
    duplicates: plan.alreadyArchived,
    failed: 0,
    vanished: 0,
    parseFailed: 0,
    bytes: 0,
    decision: `${plan.decision.type}: ${plan.decision.reason}`,
  };
}

function vanishedFailure(uid: number): BatchFailure {
  return { uid, code: 'vanished', message: 'Expunged from the server after the folder was searched.' };
}

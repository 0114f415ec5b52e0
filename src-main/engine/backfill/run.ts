import type Database from 'better-sqlite3';
import type { ImapFlow } from 'imapflow';
import type {
  FolderImportSummary,
  ImportOptions,
  ImportProgress,
  ImportSummary,
} from '../../../src-shared/domain.ts';
import type { StoredAccount } from '../archive/accounts-repo.ts';
import { completeCheckpoint, ensureFolder, parserFailures } from '../archive/folders-repo.ts';
import { createBatchWriter, createShaLookup, type BatchFailure } from '../archive/messages-repo.ts';
import { finishRun, measuredThroughput, startRun } from '../archive/runs-repo.ts';
import { rethreadIfNeeded } from '../archive/threads-repo.ts';
import { connectImap } from '../imap/connect.ts';
import { listFolders } from '../imap/folders.ts';
import { createParsePool, type ParsePool } from '../mime/pool.ts';
import { downloadBatch, type FetchedBatch } from './fetch-batch.ts';
import { planFolder, type FolderPlan } from './folder-plan.ts';
import { DEFAULT_THROUGHPUT, estimateSeconds, planBatches, type PendingMessage } from './plan.ts';
import { createProgressTracker, type ProgressTracker } from './progress.ts';
import { selectFolders } from './select-folders.ts';
import { summarize } from './summary.ts';

/** A batch never holds more than this many bytes of mail in memory, whatever --batch-size says. */
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

export interface ImportRequest {
  db: Database.Database;
  account: StoredAccount;
  password: string;
  options: ImportOptions;
}

export interface EngineHooks {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Imports an account's mail into the archive: plans every selected folder (SEARCH on INTERNALDATE, minus
 * what is archived), then downloads newest first in batches, each committed with its checkpoint. A dry run
 * stops after planning and writes nothing.
 */
export async function runImport(request: ImportRequest, hooks: EngineHooks = {}): Promise<ImportSummary> {
  const startedAt = performance.now();
  const { db, account, password, options } = request;
  const client = await connectImap(account, password);
  // The parser threads boot (load their modules) while the folders are being planned.
  const pool = options.dryRun ? null : createParsePool();
  try {
    const selected = selectFolders(await listFolders(client, { withSizes: false }), options);
    const plans = await planAll(client, db, account.id, selected, options, hooks);
    if (!pool) return dryRunSummary(db, account, plans, startedAt);
    return await executePlans(client, request, plans, pool, hooks, startedAt);
  } finally {
    await pool?.close();
    await client.logout().catch(() => {
      client.close();
    });
  }
}

async function planAll(
  client: ImapFlow,
  db: Database.Database,
  accountId: number,
  folders: ReturnType<typeof selectFolders>,
  options: ImportOptions,
  hooks: EngineHooks,
): Promise<FolderPlan[]> {
  const plans: FolderPlan[] = [];
  let budget = options.maxMessages ?? Number.POSITIVE_INFINITY;
  const tracker = createProgressTracker(folders.length, { total: 0, totalBytes: 0 }, (p) =>
    hooks.onProgress?.(p),
  );
  for (const [index, folder] of folders.entries()) {
    hooks.signal?.throwIfAborted();
    tracker.planning(folder.path, index);
    const lock = await client.getMailboxLock(folder.path, { readOnly: true });
    try {
      const plan = await planFolder(client, db, accountId, folder, options.range);
      // --max-messages keeps the newest N of the whole run, folder by folder in listing order.
      plan.pending = newestFirst(plan.pending).slice(0, Math.max(0, budget));
      budget -= plan.pending.length;
      plans.push(plan);
    } finally {
      lock.release();
    }
  }
  return plans;
}

function newestFirst(pending: PendingMessage[]): PendingMessage[] {
  return [...pending].sort((a, b) => b.internalDate - a.internalDate || b.uid - a.uid);
}

function dryRunSummary(
  db: Database.Database,
  account: StoredAccount,
  plans: FolderPlan[],
  startedAt: number,
): ImportSummary {
  const rate = measuredThroughput(db, account.id) ?? DEFAULT_THROUGHPUT;
  const folders = plans.map((plan): FolderImportSummary => {
    const bytes = plan.pending.reduce((sum, m) => sum + m.size, 0);
    return {
      ...emptyFolderSummary(plan),
      duplicates: plan.alreadyArchived,
      bytes,
      toFetch: plan.pending.length,
      estimatedSeconds: Math.round(estimateSeconds(plan.pending.length, bytes, rate)),
    };
  });
  const summary = summarize(account.name, true, folders, startedAt);
  summary.estimatedSeconds = folders.reduce((sum, f) => sum + (f.estimatedSeconds ?? 0), 0);
  return summary;
}

function emptyFolderSummary(plan: FolderPlan): FolderImportSummary {
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

async function executePlans(
  client: ImapFlow,
  request: ImportRequest,
  plans: FolderPlan[],
  pool: ParsePool,
  hooks: EngineHooks,
  startedAt: number,
): Promise<ImportSummary> {
  const { db, account, options } = request;
  const runId = startRun(db, account.id, options);
  const overall = {
    total: plans.reduce((n, p) => n + p.pending.length, 0),
    totalBytes: plans.reduce((n, p) => n + p.pending.reduce((s, m) => s + m.size, 0), 0),
  };
  const tracker = createProgressTracker(plans.length, overall, (p) => hooks.onProgress?.(p));
  const folders: FolderImportSummary[] = [];
  let interrupted = false;
  try {
    for (const [index, plan] of plans.entries()) {
      if (hooks.signal?.aborted) {
        interrupted = true;
        break;
      }
      const folderSummary = await importFolder(client, request, plan, { runId, index, pool, tracker, hooks });
      folders.push(folderSummary.summary);
      interrupted ||= folderSummary.interrupted;
    }
  } catch (error) {
    finishRun(db, runId, 'failed', summarize(account.name, false, folders, startedAt));
    throw error;
  }
  // Threads are recomputed over the whole archive: new mail can join or merge existing threads.
  rethreadIfNeeded(
    db,
    folders.reduce((n, f) => n + f.new, 0),
  );
  tracker.finish();
  const summary = summarize(account.name, false, folders, startedAt);
  finishRun(db, runId, interrupted ? 'interrupted' : 'completed', summary);
  return summary;
}

interface FolderContext {
  runId: number;
  index: number;
  pool: ParsePool;
  tracker: ProgressTracker;
  hooks: EngineHooks;
}

async function importFolder(
  client: ImapFlow,
  request: ImportRequest,
  plan: FolderPlan,
  context: FolderContext,
): Promise<{ summary: FolderImportSummary; interrupted: boolean }> {
  const { db, account, options } = request;
  const summary = emptyFolderSummary(plan);
  const folderId = ensureFolder(db, account.id, plan.folder);
  const capped = plan.pending.length < plan.inRange - plan.alreadyArchived;
  let interrupted = false;
  if (plan.pending.length > 0) {
    const pool = context.pool;
    const batches = planBatches(plan.pending, { maxMessages: options.batchSize, maxBytes: MAX_BATCH_BYTES });
    const totalBytes = plan.pending.reduce((s, m) => s + m.size, 0);
    context.tracker.startFolder(plan.folder.path, context.index, plan.pending.length, totalBytes);
    const writeBatch = createBatchWriter(db);
    const isKnown = createShaLookup(db);
    const parserFailed = parserFailures(db, folderId, plan.server.uidValidity);
    const deps = {
      pool,
      isKnown,
      parserFailedBefore: (uid: number) => parserFailed.has(uid),
      onMessage: (b: number) => {
        context.tracker.message(b);
      },
    };
    const store = (fetched: FetchedBatch): void => {
      const written = writeBatch({
        runId: context.runId,
        folderId,
        uidValidity: plan.server.uidValidity,
        items: fetched.items,
        failures: [...fetched.failures, ...fetched.vanished.map(vanishedFailure)],
      });
      summary.fetched += fetched.items.length;
      summary.new += written.new;
      summary.duplicates += written.duplicates;
      summary.parseFailed += written.parseFailed;
      summary.failed += fetched.failures.length;
      summary.vanished += fetched.vanished.length;
      summary.bytes += fetched.bytes;
    };
    const lock = await client.getMailboxLock(plan.folder.path, { readOnly: true });
    // One batch is parsed and written while the next one downloads: at most two in memory.
    let previous: Promise<void> = Promise.resolve();
    try {
      assertSameUidValidity(client, plan);
      for (const batch of batches) {
        if (context.hooks.signal?.aborted) {
          interrupted = true;
          break;
        }
        const downloaded = await downloadBatch(client, batch, deps);
        await previous;
        previous = downloaded.complete.then(store);
        // Observed later by `await previous`; this only keeps a failure from counting as unhandled meanwhile.
        previous.catch(() => undefined);
      }
      await previous;
    } finally {
      lock.release();
    }
  }
  if (!interrupted && !capped && summary.failed === 0) {
    completeCheckpoint(db, {
      folderId,
      uidValidity: plan.server.uidValidity,
      uidNext: plan.server.uidNext,
      serverMessages: plan.server.messages,
      range: options.range,
      inRange: plan.inRange - summary.vanished,
    });
  }
  return { summary, interrupted };
}

function vanishedFailure(uid: number): BatchFailure {
  return { uid, code: 'vanished', message: 'Expunged from the server after the folder was searched.' };
}

/** A folder renumbered between planning and fetching would map UIDs to the wrong messages. */
function assertSameUidValidity(client: ImapFlow, plan: FolderPlan): void {
  const mailbox = client.mailbox;
  const now = mailbox ? Number(mailbox.uidValidity) : null;
  if (now !== plan.server.uidValidity) {
    throw new Error(
      `UIDVALIDITY of "${plan.folder.path}" changed during the run (${plan.server.uidValidity} → ${now ?? '?'}); run the import again.`,
    );
  }
}

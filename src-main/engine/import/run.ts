export { DEFAULT_STALL_TIMEOUT_MS, type EngineHooks, type ImportRequest } from './run-context.ts';
import type { FolderImportSummary, FolderInfo, ImportSummary } from '../../../src-shared/domain.ts';
import { startArchiveWriter, type ArchiveWriter } from '../archive/writer-thread.ts';
import { downloadedOn } from '../archive/scans-repo.ts';
import { computeThreads, needsRethread } from '../archive/threads-repo.ts';
import { describeArchiveFailure } from '../archive/failures.ts';
import { listFolders } from '../imap/folders.ts';
import { openSession } from '../imap/session.ts';
import { lazyParsePool, type ParsePool } from '../mime/pool.ts';
import { acceptForImport } from './accept-plan.ts';
import { createChunkSizer } from './chunk-size.ts';
import { previewImport } from './dry-run.ts';
import { scanFolder } from './folder-plan.ts';
import { createFolderQueue } from './folder-queue.ts';
import { folderStarter, type FolderImport } from './folder-start.ts';
import { emptyFolderSummary } from './import-folder.ts';
import { createProgressTracker } from './progress.ts';
import {
  resilienceFor,
  socketTimeoutFor,
  type EngineHooks,
  type ImportRequest,
  type RunContext,
} from './run-context.ts';
import { selectFolders } from './select-folders.ts';
import { startScanLanes } from './scan-lanes.ts';
import { judgeByStatus } from './topup-plan.ts';
import { createGmailPlanner, gmailFolders, gmailLimits, speaksGmail } from './gmail.ts';
import { cleanSpool, spoolDirFor } from './spool.ts';
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
  // The parser threads boot (load their modules) once a folder has something to download.
  const pool = options.dryRun ? null : lazyParsePool();
  // Every write of the run goes through it; this connection only reads until the run ends.
  const writer = options.dryRun ? null : startArchiveWriter(db);
  // Bytes sent to the writer but not yet committed still count against the daily budget.
  const uncommitted = new Map<string, number>();
  const gmail = speaksGmail(session.client);
  const chosenLimits = request.limits ?? options.limits ?? NO_LIMITS;
  const limits = gmail ? gmailLimits(chosenLimits) : chosenLimits;
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
      // Gmail's allowance rolls over 24 hours rather than resetting at midnight UTC.
      rolling: gmail,
    }),
  };
  try {
    const folders = await context.resilience.run('listing folders', async (client) => {
      await context.throttle.command(hooks.signal);
      return listFolders(client, { withSizes: false });
    });
    const chosen = selectFolders(folders, options);
    // Gmail: All Mail once instead of every label folder (import/gmail.ts).
    const gmailChoice = gmail ? gmailFolders(folders, chosen) : null;
    const selected = gmailChoice?.folders ?? chosen;
    if (gmailChoice) context.gmail = createGmailPlanner(db, account.id, gmailChoice);
    if (!pool || !writer) return await previewImport(context, selected, startedAt);
    return await importFolders(context, selected, { pool, writer }, startedAt);
  } catch (error) {
    throw describeArchiveFailure(error, account.name);
  } finally {
    await pool?.close();
    await writer?.close();
    await session.close();
  }
}

async function importFolders(
  context: RunContext,
  selected: FolderInfo[],
  { pool, writer }: { pool: ParsePool & { warm(): void }; writer: ArchiveWriter },
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
  const folders: FolderImportSummary[] = [];
  let interrupted = false;
  let linked: number;
  // One range size for the run: it is the link's, whichever folder a large message is in.
  const large = { spoolDir: spoolDirFor(db), sizer: createChunkSizer() };
  await cleanSpool(large.spoolDir, () => false);
  const queue = createFolderQueue(selected, {
    accept: acceptForImport(context, { writer, folderIds, tracker }),
    onScanning: (entry) => {
      tracker.planning(entry.folder.path, entry.index);
    },
    signal: hooks.signal,
  });
  // The first folder downloads while the others are still being scanned, over connections of their own.
  const lanes = startScanLanes(context, queue, scanFolder, {
    runConnection: 'on-demand',
    // An unchanged account's top-up logs in once: its folders are planned from STATUS alone.
    needsServer: (folder) =>
      judgeByStatus(db, account.id, folder, options.range, request.onlyFailed === true).type !== 'unchanged',
  });
  const start = folderStarter(context, { runId, pool, writer, tracker, large, queue });
  const imports: Promise<boolean>[] = [];
  try {
    // The folder before, writing its last batches while the next one already downloads.
    let writing: FolderImport | null = null;
    for (const entry of queue.folders) {
      if (hooks.signal?.aborted) {
        interrupted = true;
        break;
      }
      lanes.scanHere(entry.index);
      const accepted = await cleanStop(context, queue.whenPlanned(entry.index), null);
      if (accepted === null) {
        interrupted = true;
        break;
      }
      const summary = emptyFolderSummary(accepted.plan);
      folders.push(summary);
      if (accepted.plan.pending.length > 0) pool.warm();
      const current = start(entry, accepted, summary);
      imports.push(current.finished);
      await current.connectionFree;
      if (writing) interrupted = (await cleanStop(context, writing.finished, true)) || interrupted;
      writing = current;
      // A folder that ended without finishing its downloads (a failure) is seen to before the next starts.
      if (!current.downloaded()) {
        writing = null;
        interrupted = (await cleanStop(context, current.finished, true)) || interrupted;
      }
    }
    if (writing) interrupted = (await cleanStop(context, writing.finished, true)) || interrupted;
    await lanes.stop();
    // Copies of messages stored once (Gmail): their folders and labels, once every download is written.
    linked = (await context.gmail?.writeLinks(writer, folderIds, runId)) ?? 0;
  } catch (error) {
    // No folder may still be scanning or writing when the run is closed.
    await lanes.stop();
    await Promise.allSettled(imports);
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
  // here, the changes written by the writer. A linked Gmail copy brings its thread id: it can join too.
  const stored = folders.reduce((n, f) => n + f.new, 0) + linked;
  if (needsRethread(db, stored)) await writer.run('threads', computeThreads(db).changes);
  tracker.finish(interrupted);
  if (interrupted) {
    // Planned but not reached: to download by a later run. With them the totals are the progress's.
    for (const entry of queue.folders) {
      if (entry.state === 'planned' && entry.plan) folders.push(emptyFolderSummary(entry.plan.plan));
    }
  }
  const summary = summarize(head, folders, startedAt);
  await writer.run('finishRun', { runId, status: interrupted ? 'interrupted' : 'completed', summary });
  return summary;
}

/**
 * Waits for a folder's scan or import; pause or cancel can land inside a throttle or backoff wait, which
 * then throws: still a clean stop, which gives `onStop`.
 */
async function cleanStop<T, S>(context: RunContext, waiting: Promise<T>, onStop: S): Promise<T | S> {
  try {
    return await waiting;
  } catch (error) {
    if (!context.hooks.signal?.aborted) throw error;
    return onStop;
  }
}

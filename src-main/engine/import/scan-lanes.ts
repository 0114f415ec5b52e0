import { once } from 'node:events';
import type { FolderInfo } from '../../../src-shared/domain.ts';
import {
  createFolderQueue,
  type FolderQueue,
  type FolderQueueHooks,
  type QueuedFolder,
} from './folder-queue.ts';
import { openSession, type ImapSession } from '../imap/session.ts';
import type { Resilience } from './retry-loop.ts';
import { classifyFailure } from './retry-policy.ts';
import { socketTimeoutFor, type RunContext } from './run-context.ts';

/**
 * Connections used to scan folders side by side. Scanning a folder is three round trips (EXAMINE, SEARCH,
 * FETCH sizes), so on a distant server most of the planning time is waiting; a few connections hide it.
 * Kept small: providers cap simultaneous connections (Gmail at 15, many at 10 or fewer).
 */
export const SCAN_CONNECTIONS = 3;

export interface LaneOptions {
  /**
   * 'lane' (default): the run's own connection scans folders too. 'on-demand': it scans only the folders
   * the caller asks for with scanHere, because an import downloads over it meanwhile.
   */
  runConnection?: 'lane' | 'on-demand';
  /**
   * Whether scanning the folder needs the server at all (a top-up plans an unchanged folder from the
   * archive alone): extra connections are opened only for as many folders as need it.
   */
  needsServer?: (folder: FolderInfo) => boolean;
}

/** Scan lanes at work on a run's folder queue. */
export interface ScanLanes {
  /** every scan over and the extra connections closed; rejects with the first failure or the abort */
  finished: Promise<void>;
  /**
   * The caller needs this folder now and has the run's connection free: if no extra connection has taken
   * the folder yet, it is scanned over the run's connection (the result still comes through the queue).
   */
  scanHere(index: number): void;
  /** no lane takes another folder (those left reject); resolves once the scans under way are over */
  stop(): Promise<void>;
}

/** Scans one folder over a lane's connection. */
export type FolderScan<Scan> = (lane: RunContext, folder: FolderInfo) => Promise<Scan>;

/**
 * Scans the queue's folders over the run's own connection plus up to SCAN_CONNECTIONS - 1 more. The
 * run's connection starts at once and each extra one joins when its login is done (a login is several
 * round trips: waiting for them would idle the scan). An extra connection the server refuses is simply
 * not used; one that logs in after the scan is over is closed unused.
 *
 * Only the run's connection backs off and reconnects: an extra one that fails hands its folder back and
 * closes. Several connections retrying at once against a server that refuses them would only make it
 * refuse longer, and two retry loops over the run's one connection would reconnect it under each other.
 */
export function startScanLanes<Scan>(
  context: RunContext,
  queue: FolderQueue<unknown>,
  scan: FolderScan<Scan>,
  options: LaneOptions = {},
): ScanLanes {
  const { request } = context;
  const onDemand = options.runConnection === 'on-demand';
  /** folders the caller asked for with scanHere */
  const asked = new Set<number>();
  const extras: ImapSession[] = [];
  // Fired once no lane scans and none will take another folder.
  const lanesIdle = new AbortController();
  const finishIfIdle = (): void => {
    if (queue.idle()) lanesIdle.abort();
  };
  /** Scans one folder; false when an extra connection failed in a way a new connection could get past. */
  const scanOne = async (
    lane: RunContext,
    entry: QueuedFolder<unknown>,
    isExtra: boolean,
  ): Promise<boolean> => {
    try {
      queue.scanned(entry.index, await scan(lane, entry.folder));
      return true;
    } catch (error) {
      if (isExtra && !context.hooks.signal?.aborted && classifyFailure(error).type === 'retry') {
        handBack(entry);
        return false;
      }
      queue.failed(entry.index, error);
      return true;
    }
  };
  /** Scans the folder the caller is waiting for over the run's connection, beside the lanes. */
  const scanNow = (entry: QueuedFolder<unknown>): void => {
    void scanOne(context, entry, false).then(finishIfIdle);
  };
  let runLaneActive = false;
  const runConnectionLane = async (): Promise<void> => {
    runLaneActive = true;
    for (let entry = queue.takeNext(); entry; entry = queue.takeNext()) await scanOne(context, entry, false);
    runLaneActive = false;
    finishIfIdle();
  };
  /** A folder an extra connection failed on goes to the run's connection (stopped: it stays unscanned). */
  const handBack = (entry: QueuedFolder<unknown>): void => {
    queue.handBack(entry.index);
    // The caller may be waiting for this very folder already: then it is scanned at once.
    if (asked.has(entry.index)) {
      if (queue.take(entry.index)) scanNow(entry);
      return;
    }
    if (!onDemand && !runLaneActive) void runConnectionLane();
  };
  const extraLane = async (lane: RunContext): Promise<void> => {
    let healthy = true;
    for (let entry = queue.takeNext(); healthy && entry; entry = healthy ? queue.takeNext() : null) {
      healthy = await scanOne(lane, entry, true);
    }
    if (!healthy) {
      // Cut at once: a logout over a connection that went quiet would wait for the socket timeout.
      lane.session.abort();
      extras.splice(extras.indexOf(lane.session), 1);
    }
    finishIfIdle();
  };
  const addLane = async (): Promise<void> => {
    const session = await openSession(request.account, request.password, {
      socketTimeoutMs: socketTimeoutFor(request),
    }).catch(() => null);
    if (session === null) return;
    if (lanesIdle.signal.aborted) {
      await session.close();
      return;
    }
    extras.push(session);
    await extraLane({ ...context, session, resilience: singleAttempt(session) });
  };
  const needsServer = options.needsServer ?? (() => true);
  const wanting = queue.folders.filter((entry) => needsServer(entry.folder)).length;
  const extraConnections = Math.min(SCAN_CONNECTIONS, wanting) - 1;
  for (let i = 0; i < extraConnections; i += 1) void addLane().catch(() => undefined);
  if (!onDemand) void runConnectionLane();
  else finishIfIdle();
  const finished = (async () => {
    if (!lanesIdle.signal.aborted) await once(lanesIdle.signal, 'abort');
    await Promise.all(extras.map((session) => session.close()));
    queue.closeScan();
    const cause = queue.stopCause();
    if (cause) throw cause;
  })();
  finished.catch(() => undefined);
  return {
    finished,
    scanHere: (index) => {
      asked.add(index);
      const entry = queue.folders[index];
      if (entry && queue.take(index)) scanNow(entry);
    },
    stop: async () => {
      queue.halt();
      finishIfIdle();
      await finished.catch(() => undefined);
    },
  };
}

/** An extra connection's retry policy: none (see startScanLanes). */
function singleAttempt(session: ImapSession): Resilience {
  return {
    run: (_what, op) => op(session.client),
    progressed: () => undefined,
    retries: 0,
  };
}

/**
 * Scans every folder (see startScanLanes) over a queue of its own and returns the plans in folder order,
 * each through `accept` in that order.
 */
export async function scanInLanes<Scan, Plan>(
  context: RunContext,
  folders: FolderInfo[],
  scan: FolderScan<Scan>,
  hooks: Pick<FolderQueueHooks<Scan, Plan>, 'accept' | 'onScanning'>,
): Promise<Plan[]> {
  const queue = createFolderQueue(folders, { ...hooks, signal: context.hooks.signal });
  await startScanLanes(context, queue, scan).finished;
  return Promise.all(queue.folders.map((entry) => queue.whenPlanned(entry.index)));
}

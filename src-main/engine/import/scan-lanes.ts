import type { FolderInfo } from '../../../src-shared/domain.ts';
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
}

/** Scans under way: each folder's result as it comes, in any order. */
export interface LaneScan<T> {
  /** one per folder, in folder order; rejects when the scan stopped (failure, pause) before that folder */
  results: Promise<T>[];
  /** every scan over and the extra connections closed; rejects with the first failure or the abort */
  finished: Promise<void>;
  /**
   * The caller needs this folder now and has the run's connection free: if no extra connection has taken
   * the folder yet, it is scanned over the run's connection (its result still comes through `results`).
   */
  scanHere(index: number): void;
  /** no lane takes another folder (those left reject); resolves once the scans under way are over */
  stop(): Promise<void>;
}

/**
 * Runs `scan` for every folder over the run's own connection plus up to SCAN_CONNECTIONS - 1 more. The
 * run's connection starts at once and each extra one joins when its login is done (a login is several
 * round trips: at 100 ms each, waiting for them idled the scan for 0.7 s). An extra connection the server
 * refuses is simply not used; one that logs in after the scan is over is closed unused.
 *
 * Only the run's connection backs off and reconnects: an extra one that fails hands its folder back and
 * closes. Several connections retrying at once against a server that refuses them would only make it
 * refuse longer, and two retry loops over the run's one connection would reconnect it under each other.
 */
export function startScanLanes<T>(
  context: RunContext,
  folders: FolderInfo[],
  scan: (lane: RunContext, folder: FolderInfo, index: number) => Promise<T>,
  options: LaneOptions = {},
): LaneScan<T> {
  const { request, hooks } = context;
  const settlers = folders.map(() => ({
    resolve: (_: T): void => undefined,
    reject: (_: Error): void => undefined,
  }));
  const results = folders.map(
    (_, index) =>
      new Promise<T>((resolve, reject) => {
        settlers[index] = { resolve, reject };
      }),
  );
  // A result nobody waits for (the run stopped before reaching it) must not count as an unhandled rejection.
  for (const result of results) result.catch(() => undefined);
  const settled = folders.map(() => false);
  /** folder indexes nobody scans yet, earliest first */
  const queue = folders.map((_, index) => index);
  /** folders the caller asked for with scanHere */
  const asked = new Set<number>();
  const extras: ImapSession[] = [];
  // The first failure stops every lane from taking another folder; each lane finishes what it holds, so
  // no connection is closed under a lane still using it.
  const failures: Error[] = [];
  let stopped = false;
  let scanning = 0;
  let finish = (): void => undefined;
  const allStopped = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const halted = (): boolean => stopped || failures.length > 0 || hooks.signal?.aborted === true;
  const over = (): boolean => halted() || queue.length === 0;
  const finishIfIdle = (): void => {
    if (scanning === 0 && over()) finish();
  };
  /** Scans one folder; false when an extra connection failed in a way a new connection could get past. */
  const scanOne = async (lane: RunContext, index: number, isExtra: boolean): Promise<boolean> => {
    const folder = folders[index] as FolderInfo;
    scanning += 1;
    try {
      settlers[index]?.resolve(await scan(lane, folder, index));
      settled[index] = true;
      return true;
    } catch (error) {
      if (isExtra && !hooks.signal?.aborted && classifyFailure(error).type === 'retry') {
        handBack(index);
        return false;
      }
      const failure = error instanceof Error ? error : new Error(String(error));
      failures.push(failure);
      settlers[index]?.reject(failure);
      settled[index] = true;
      return true;
    } finally {
      scanning -= 1;
    }
  };
  let runLaneActive = false;
  const runConnectionLane = async (): Promise<void> => {
    runLaneActive = true;
    while (!over()) await scanOne(context, queue.shift() as number, false);
    runLaneActive = false;
    finishIfIdle();
  };
  /** A folder an extra connection failed on goes to the run's connection (stopped: it stays unscanned). */
  const handBack = (index: number): void => {
    if (halted()) return;
    // The caller may be waiting for this very folder already: then it is scanned at once.
    if (asked.has(index)) {
      void scanOne(context, index, false).then(finishIfIdle);
      return;
    }
    queue.unshift(index);
    if (options.runConnection !== 'on-demand' && !runLaneActive) void runConnectionLane();
  };
  const extraLane = async (lane: RunContext): Promise<void> => {
    let healthy = true;
    while (healthy && !over()) healthy = await scanOne(lane, queue.shift() as number, true);
    if (!healthy) {
      // Cut at once: a logout over a connection that went quiet would wait for the socket timeout.
      lane.session.abort();
      extras.splice(extras.indexOf(lane.session), 1);
    }
    finishIfIdle();
  };
  let closed = false;
  const addLane = async (): Promise<void> => {
    const session = await openSession(request.account, request.password, {
      socketTimeoutMs: socketTimeoutFor(request),
    }).catch(() => null);
    if (session === null) return;
    if (closed) {
      await session.close();
      return;
    }
    extras.push(session);
    await extraLane({ ...context, session, resilience: singleAttempt(session) });
  };
  const extraConnections = Math.min(SCAN_CONNECTIONS, folders.length) - 1;
  for (let i = 0; i < extraConnections; i += 1) void addLane().catch(() => undefined);
  if (options.runConnection !== 'on-demand') void runConnectionLane();
  else finishIfIdle();
  const finished = (async () => {
    await allStopped;
    closed = true;
    await Promise.all(extras.map((session) => session.close()));
    const cause = failures[0] ?? (hooks.signal?.aborted === true ? abortReason(hooks.signal) : null);
    // Folders no lane reached: the scan stopped before them.
    const unreached = cause ?? new Error('The folder scan was stopped.');
    for (const [index, settle] of settlers.entries()) if (!settled[index]) settle.reject(unreached);
    if (cause) throw cause;
  })();
  finished.catch(() => undefined);
  return {
    results,
    finished,
    scanHere: (index) => {
      asked.add(index);
      const at = queue.indexOf(index);
      if (at < 0 || halted()) return;
      queue.splice(at, 1);
      void scanOne(context, index, false).then(finishIfIdle);
    },
    stop: async () => {
      stopped = true;
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

/** Scans every folder (see startScanLanes) and returns the results in folder order. */
export async function scanInLanes<T>(
  context: RunContext,
  folders: FolderInfo[],
  scan: (lane: RunContext, folder: FolderInfo, index: number) => Promise<T>,
): Promise<T[]> {
  const lanes = startScanLanes(context, folders, scan);
  await lanes.finished;
  return Promise.all(lanes.results);
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('The scan was stopped.');
}

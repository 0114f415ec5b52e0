import type { FolderInfo } from '../../../src-shared/domain.ts';
import { openSession, type ImapSession } from '../imap/session.ts';
import { resilienceFor, socketTimeoutFor, type RunContext } from './run-context.ts';

/**
 * Connections used to scan folders side by side. Scanning a folder is three round trips (EXAMINE, SEARCH,
 * FETCH sizes), so on a distant server most of the planning time is waiting; a few connections hide it.
 * Kept small: providers cap simultaneous connections (Gmail at 15, many at 10 or fewer).
 */
export const SCAN_CONNECTIONS = 3;

/**
 * Runs `scan` for every folder over the run's own connection plus up to SCAN_CONNECTIONS - 1 more, and
 * returns the results in folder order. The run's connection starts at once and each extra one joins when
 * its login is done (a login is several round trips: at 100 ms each, waiting for them idled the scan for
 * 0.7 s). An extra connection the server refuses is simply not used; one that logs in after the scan is
 * over is closed unused.
 */
export async function scanInLanes<T>(
  context: RunContext,
  folders: FolderInfo[],
  scan: (lane: RunContext, folder: FolderInfo, index: number) => Promise<T>,
): Promise<T[]> {
  const { request, hooks } = context;
  const results: T[] = new Array<T>(folders.length);
  // The first failure stops every lane from taking another folder; each lane finishes what it holds, so
  // no connection is closed under a lane still using it.
  const failures: Error[] = [];
  let next = 0;
  let scanning = 0;
  let finish = (): void => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const over = (): boolean => next >= folders.length || failures.length > 0 || hooks.signal?.aborted === true;
  const runLane = async (lane: RunContext): Promise<void> => {
    while (!over()) {
      const index = next;
      next += 1;
      const folder = folders[index];
      if (folder === undefined) continue;
      scanning += 1;
      try {
        results[index] = await scan(lane, folder, index);
      } catch (error) {
        failures.push(error instanceof Error ? error : new Error(String(error)));
      } finally {
        scanning -= 1;
      }
    }
    if (scanning === 0) finish();
  };
  const extras: ImapSession[] = [];
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
    await runLane({ ...context, session, resilience: resilienceFor(session, request, hooks) });
  };
  const wanted = Math.min(SCAN_CONNECTIONS, folders.length) - 1;
  for (let i = 0; i < wanted; i += 1) void addLane().catch(() => undefined);
  void runLane(context);
  await finished;
  closed = true;
  await Promise.all(extras.map((session) => session.close()));
  const [first] = failures;
  if (first) throw first;
  hooks.signal?.throwIfAborted();
  return results;
}

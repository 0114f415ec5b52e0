import type { FolderInfo } from '../../../src-shared/domain.ts';
import { openSession } from '../imap/session.ts';
import { resilienceFor, socketTimeoutFor, type RunContext } from './run-context.ts';

/**
 * Connections used to scan folders side by side. Scanning a folder is three round trips (EXAMINE, SEARCH,
 * FETCH sizes), so on a distant server most of the planning time is waiting; a few connections hide it.
 * Kept small: providers cap simultaneous connections (Gmail at 15, many at 10 or fewer).
 */
export const SCAN_CONNECTIONS = 3;

/**
 * Runs `scan` for every folder over the run's own connection plus up to SCAN_CONNECTIONS - 1 more, and
 * returns the results in folder order. An extra connection the server refuses is simply not used.
 */
export async function scanInLanes<T>(
  context: RunContext,
  folders: FolderInfo[],
  scan: (lane: RunContext, folder: FolderInfo, index: number) => Promise<T>,
): Promise<T[]> {
  const { request, hooks } = context;
  const wanted = Math.min(SCAN_CONNECTIONS, folders.length) - 1;
  const extra = await Promise.all(
    Array.from({ length: Math.max(0, wanted) }, () =>
      openSession(request.account, request.password, {
        socketTimeoutMs: socketTimeoutFor(request),
      }).catch(() => null),
    ),
  );
  const lanes: RunContext[] = [
    context,
    ...extra
      .filter((s) => s !== null)
      .map((session) => ({ ...context, session, resilience: resilienceFor(session, request, hooks) })),
  ];
  const results: T[] = new Array<T>(folders.length);
  let next = 0;
  // The first failure stops every lane from taking another folder; each lane finishes what it holds, so
  // no connection is closed under a lane still using it.
  const failures: Error[] = [];
  try {
    await Promise.all(
      lanes.map(async (lane) => {
        while (next < folders.length && failures.length === 0 && hooks.signal?.aborted !== true) {
          const index = next;
          next += 1;
          const folder = folders[index];
          if (folder === undefined) continue;
          try {
            results[index] = await scan(lane, folder, index);
          } catch (error) {
            failures.push(error instanceof Error ? error : new Error(String(error)));
          }
        }
      }),
    );
  } finally {
    await Promise.all(lanes.slice(1).map((lane) => lane.session.close()));
  }
  const [first] = failures;
  if (first) throw first;
  hooks.signal?.throwIfAborted();
  return results;
}

import { settled as settledOf, type ImportSummary } from '../../../src-shared/counts.ts';
import { foldersToScan, type ImportProgress } from '../../../src-shared/domain.ts';
import { carried, growingTotal } from '../../../src-shared/job-counts.ts';

/** How often progress is reported at most: enough for a live line or bar, cheap for IPC. */
const MIN_INTERVAL_MS = 250;

export interface ProgressTracker {
  /** a folder is being scanned: reported only until the first folder starts downloading */
  planning(folder: string, index: number): void;
  /** a folder's plan is known (or known again, after its UIDVALIDITY changed): it joins the totals */
  planned(folder: { path: string; uidValidity: number }, toFetch: number, toFetchBytes: number): void;
  /** the folder starts downloading */
  startFolder(folder: string, index: number): void;
  /** one message of the downloading folder arrived */
  message(bytes: number): void;
  /**
   * a batch of `folder` is written: `settled` of its messages are done for good (downloaded, failed or
   * gone), and `arrived` of those counted by message() are among them or will be fetched again
   */
  settled(folder: string, settled: number, arrived: number): void;
  /** the run ended: completed, or stopped early (paused, cancelled) */
  finish(stopped: boolean): void;
}

interface FolderState {
  uidValidity: number;
  /** settled by the job's earlier runs (counts.ts: carried) */
  carried: number;
  carriedBytes: number;
  toFetch: number;
  toFetchBytes: number;
  settled: number;
  /** counted by message() and not settled yet */
  arriving: number;
  bytes: number;
}

/**
 * Turns message-by-message counts into rate-limited progress events with rate and ETA. Counts are the
 * job's: `earlier` is the job's summary before this run (null for a new job or a preview), so a resumed
 * job goes on from where it stood instead of starting at zero. The overall total is an estimate until every
 * folder is planned, and as such it never shrinks.
 */
export function createProgressTracker(
  folderCount: number,
  emit: (progress: ImportProgress) => void,
  options: { earlier?: ImportSummary | null; now?: () => number } = {},
): ProgressTracker {
  const now = options.now ?? (() => performance.now());
  const earlier = new Map((options.earlier?.folders ?? []).map((f) => [f.path, f]));
  const folders = new Map<string, FolderState>();
  const startedAt = now();
  let lastEmit = -Infinity;
  let current: string | null = null;
  let arrivals = 0;
  let arrivedBytes = 0;
  let shownTotal: number | null = null;
  let shownBytes: number | null = null;
  const state: ImportProgress = {
    phase: 'planning',
    folder: '',
    folderIndex: 0,
    folderCount,
    foldersPlanned: 0,
    done: 0,
    total: 0,
    bytes: 0,
    totalBytes: 0,
    overallDone: 0,
    overallTotal: 0,
    overallBytes: 0,
    overallTotalBytes: 0,
    messagesPerSecond: 0,
    bytesPerSecond: 0,
    etaSeconds: null,
  };

  /** The sums over the job's folders: this run's as planned, the others as the earlier runs left them. */
  const refresh = (): void => {
    let done = 0;
    let total = 0;
    let bytes = 0;
    let totalBytes = 0;
    for (const f of folders.values()) {
      done += f.carried + f.settled + f.arriving;
      total += f.carried + f.toFetch;
      bytes += f.carriedBytes + f.bytes;
      totalBytes += f.carriedBytes + f.toFetchBytes;
    }
    for (const [path, f] of earlier) {
      if (folders.has(path)) continue;
      done += settledOf(f);
      total += f.toFetch;
      bytes += f.bytes;
      totalBytes += f.toFetchBytes;
    }
    const exact = foldersToScan(state) === 0;
    shownTotal = growingTotal(shownTotal, total, exact);
    shownBytes = growingTotal(shownBytes, totalBytes, exact);
    Object.assign(state, {
      overallDone: done,
      overallTotal: shownTotal,
      overallBytes: bytes,
      overallTotalBytes: shownBytes,
    });
    const folder = current === null ? undefined : folders.get(current);
    if (folder) {
      Object.assign(state, {
        done: folder.carried + folder.settled + folder.arriving,
        total: folder.carried + folder.toFetch,
        bytes: folder.carriedBytes + folder.bytes,
        totalBytes: folder.carriedBytes + folder.toFetchBytes,
      });
    }
  };

  const send = (force: boolean): void => {
    const t = now();
    if (!force && t - lastEmit < MIN_INTERVAL_MS) return;
    lastEmit = t;
    refresh();
    const seconds = (t - startedAt) / 1000;
    if (seconds > 0 && arrivals > 0) {
      state.messagesPerSecond = arrivals / seconds;
      state.bytesPerSecond = arrivedBytes / seconds;
      const left = state.overallTotal - state.overallDone;
      // A time left from totals that are still growing would promise too little.
      state.etaSeconds = foldersToScan(state) > 0 ? null : left <= 0 ? 0 : left / state.messagesPerSecond;
    }
    emit({ ...state });
  };

  return {
    planning(folder, index) {
      if (state.phase !== 'planning') return;
      Object.assign(state, { folder, folderIndex: index });
      send(false);
    },
    planned(folder, toFetch, toFetchBytes) {
      const before = earlier.get(folder.path);
      // A folder renumbered since the earlier runs is counted afresh (job-counts.ts: mergeFolder).
      const carry = before !== undefined && before.uidValidity === folder.uidValidity ? before : null;
      if (!folders.has(folder.path)) state.foldersPlanned += 1;
      folders.set(folder.path, {
        uidValidity: folder.uidValidity,
        carried: carry === null ? 0 : carried(carry),
        carriedBytes: carry?.bytes ?? 0,
        toFetch,
        toFetchBytes,
        settled: 0,
        arriving: 0,
        bytes: 0,
      });
      send(foldersToScan(state) === 0);
    },
    startFolder(folder, index) {
      current = folder;
      Object.assign(state, { phase: 'fetching', folder, folderIndex: index });
      send(true);
    },
    message(bytes) {
      arrivals += 1;
      arrivedBytes += bytes;
      const folder = current === null ? undefined : folders.get(current);
      if (folder) {
        folder.arriving += 1;
        folder.bytes += bytes;
      }
      send(false);
    },
    settled(path, settled, arrived) {
      const folder = folders.get(path);
      if (!folder) return;
      folder.settled += settled;
      folder.arriving = Math.max(0, folder.arriving - arrived);
      send(false);
    },
    finish(stopped) {
      state.phase = stopped ? 'stopped' : 'done';
      send(true);
    },
  };
}

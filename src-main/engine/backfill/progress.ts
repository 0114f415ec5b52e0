import { foldersToScan, type ImportProgress } from '../../../src-shared/domain.ts';

/** How often progress is reported at most: enough for a live line or bar, cheap for IPC. */
const MIN_INTERVAL_MS = 250;

export interface ProgressTracker {
  /** a folder is being scanned: reported only until the first folder starts downloading */
  planning(folder: string, index: number): void;
  /** a folder's plan is known: its messages and bytes join the overall totals */
  planned(messages: number, bytes: number): void;
  startFolder(folder: string, index: number, total: number, totalBytes: number): void;
  message(bytes: number): void;
  finish(): void;
}

/** Turns message-by-message counts into rate-limited progress events with rate and ETA. */
export function createProgressTracker(
  folderCount: number,
  emit: (progress: ImportProgress) => void,
  now: () => number = () => performance.now(),
): ProgressTracker {
  const startedAt = now();
  let lastEmit = -Infinity;
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
  const send = (force: boolean): void => {
    const t = now();
    if (!force && t - lastEmit < MIN_INTERVAL_MS) return;
    lastEmit = t;
    const seconds = (t - startedAt) / 1000;
    if (seconds > 0 && state.overallDone > 0) {
      state.messagesPerSecond = state.overallDone / seconds;
      state.bytesPerSecond = state.overallBytes / seconds;
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
    planned(messages, bytes) {
      state.foldersPlanned += 1;
      state.overallTotal += messages;
      state.overallTotalBytes += bytes;
      send(foldersToScan(state) === 0);
    },
    startFolder(folder, index, total, totalBytes) {
      Object.assign(state, {
        phase: 'fetching',
        folder,
        folderIndex: index,
        done: 0,
        total,
        bytes: 0,
        totalBytes,
      });
      send(true);
    },
    message(bytes) {
      state.done += 1;
      state.bytes += bytes;
      state.overallDone += 1;
      state.overallBytes += bytes;
      send(false);
    },
    finish() {
      state.phase = 'done';
      send(true);
    },
  };
}

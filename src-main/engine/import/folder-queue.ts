import type { FolderInfo } from '../../../src-shared/domain.ts';

/**
 * Where a folder is in a run. The scan lanes move it waiting → scanning → scanned (or back to waiting when
 * an extra connection drops under it, or to failed); it is planned once every folder before it is too
 * (--max-messages counts in folder order). The import moves a planned folder on to downloading → writing
 * (its connection free for the next folder) → done or failed.
 */
export type FolderState =
  'waiting' | 'scanning' | 'scanned' | 'planned' | 'downloading' | 'writing' | 'done' | 'failed';

export interface QueuedFolder<Plan> {
  readonly index: number;
  readonly folder: FolderInfo;
  state: FolderState;
  /** set once the folder is planned (accepted in order) */
  plan: Plan | null;
}

/** The folders of one run and where each one is, with the transitions that move them on. */
export interface FolderQueue<Plan> {
  readonly folders: readonly QueuedFolder<Plan>[];
  /** waiting → scanning: the earliest waiting folder, or null when none is left or the queue is halted */
  takeNext(): QueuedFolder<Plan> | null;
  /** waiting → scanning for this folder; false when it is not waiting or the queue is halted */
  take(index: number): boolean;
  /** scanning → scanned → planned: a folder is accepted (planned) once every folder before it is */
  scanned(index: number, scan: unknown): void;
  /** scanning → waiting, first in line: its connection dropped before it was scanned */
  handBack(index: number): void;
  /** scanning → failed: no folder is taken after this, and this folder and every later one reject */
  failed(index: number, error: unknown): void;
  /** planned → downloading → writing → done (or failed), as the import goes */
  moveTo(index: number, state: 'downloading' | 'writing' | 'done' | 'failed'): void;
  /** no folder is taken after this (pause, cancel or the end of the import) */
  halt(): void;
  halted(): boolean;
  /** nothing is scanning and nothing more will be taken */
  idle(): boolean;
  /** resolves once the folder is planned; rejects when it failed or the scan stopped before it */
  whenPlanned(index: number): Promise<Plan>;
  /** settles every folder not planned yet with the scan's end: the failure, the abort or "stopped" */
  closeScan(): void;
  /** why the scan stopped early: the first failure, else the abort; null when it was not stopped so */
  stopCause(): Error | null;
}

export interface FolderQueueHooks<Scan, Plan> {
  /** turns a folder's scan into its plan, called in folder order (--max-messages counts folder by folder) */
  accept: (scan: Scan, entry: QueuedFolder<Plan>) => Plan;
  /** told of each folder a lane takes (the progress shows it as being scanned) */
  onScanning?: (entry: QueuedFolder<Plan>) => void;
  /** pause or cancel: no folder is taken after it */
  signal?: AbortSignal;
}

/** Makes a run's folder queue: every folder waiting, in listing order. */
export function createFolderQueue<Scan, Plan>(
  folders: readonly FolderInfo[],
  hooks: FolderQueueHooks<Scan, Plan>,
): FolderQueue<Plan> {
  const entries = folders.map((folder, index): QueuedFolder<Plan> => ({
    index,
    folder,
    state: 'waiting',
    plan: null,
  }));
  const waiters = entries.map(() => waiter<Plan>());
  const scans = new Map<number, Scan>();
  const errors = new Map<number, Error>();
  /** folder indexes left to scan, earliest first */
  const line = entries.map((entry) => entry.index);
  let stopped = false;
  let firstFailure: Error | null = null;
  /** the next folder to accept: every one before it is planned */
  let cursor = 0;

  const at = (index: number): QueuedFolder<Plan> => {
    const entry = entries[index];
    if (!entry) throw new Error(`No folder ${index} in this run.`);
    return entry;
  };
  const stopCause = (): Error | null =>
    firstFailure ?? (hooks.signal?.aborted === true ? abortReason(hooks.signal) : null);
  const isHalted = (): boolean => stopped || firstFailure !== null || hooks.signal?.aborted === true;
  const startScan = (entry: QueuedFolder<Plan>): QueuedFolder<Plan> => {
    entry.state = 'scanning';
    hooks.onScanning?.(entry);
    return entry;
  };
  const rejectFrom = (index: number, error: Error): void => {
    for (let i = index; i < entries.length; i += 1) waiters[i]?.reject(error);
  };
  const acceptInOrder = (): void => {
    for (let entry = entries[cursor]; entry && scans.has(cursor); entry = entries[cursor]) {
      const scan = scans.get(cursor) as Scan;
      scans.delete(cursor);
      try {
        entry.plan = hooks.accept(scan, entry);
      } catch (error) {
        markFailed(entry, error);
        break;
      }
      entry.state = 'planned';
      waiters[cursor]?.resolve(entry.plan);
      cursor += 1;
    }
    const failed = errors.get(cursor);
    if (failed) rejectFrom(cursor, failed);
  };
  const markFailed = (entry: QueuedFolder<Plan>, error: unknown): void => {
    entry.state = 'failed';
    const failure = asError(error);
    errors.set(entry.index, failure);
    firstFailure ??= failure;
  };

  return {
    folders: entries,
    takeNext: () => {
      if (isHalted()) return null;
      const index = line.shift();
      return index === undefined ? null : startScan(at(index));
    },
    take: (index) => {
      const place = line.indexOf(index);
      if (place < 0 || isHalted()) return false;
      line.splice(place, 1);
      startScan(at(index));
      return true;
    },
    scanned: (index, scan) => {
      at(index).state = 'scanned';
      scans.set(index, scan as Scan);
      acceptInOrder();
    },
    handBack: (index) => {
      at(index).state = 'waiting';
      line.unshift(index);
    },
    failed: (index, error) => {
      markFailed(at(index), error);
      acceptInOrder();
    },
    moveTo: (index, state) => {
      at(index).state = state;
    },
    halt: () => {
      stopped = true;
    },
    halted: isHalted,
    idle: () => entries.every((e) => e.state !== 'scanning') && (isHalted() || line.length === 0),
    whenPlanned: (index) => waiters[index]?.promise ?? Promise.reject(new Error(`No folder ${index}.`)),
    closeScan: () => {
      // Folders no lane reached: the scan stopped before them.
      const unreached = stopCause() ?? new Error('The folder scan was stopped.');
      for (const w of waiters) w.reject(unreached);
    },
    stopCause,
  };
}

interface Waiter<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

/** A promise settled from outside, once (later calls do nothing); unawaited, its rejection is not "unhandled". */
function waiter<T>(): Waiter<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('The scan was stopped.');
}

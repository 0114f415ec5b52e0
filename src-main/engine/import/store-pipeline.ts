import type { FetchedBatch } from './fetch-batch.ts';

/** Batches downloaded while earlier ones still parse: the next batch is queued before the parsers need it. */
export const PARSE_AHEAD = 2;

/** How many of the added promises are still pending, and a wait until fewer than n are. */
export interface PendingCount {
  /** `weight`: how many entries `p` counts as while pending */
  add(p: Promise<unknown>, weight?: number): void;
  below(n: number): Promise<void>;
}

/**
 * The batches a run holds in memory, counted over all its folders: the next folder starts downloading
 * while the last one's final batches are still parsed and written, and together they stay within the
 * same bound as one folder alone.
 */
export interface InFlight {
  unparsed: PendingCount;
  unwritten: PendingCount;
}

export function createInFlight(): InFlight {
  return { unparsed: createPendingCount(), unwritten: createPendingCount() };
}

export interface StorePipeline {
  /** resolves when another batch may be downloaded; rejects once a write has failed */
  readyForNext(): Promise<void>;
  /**
   * a downloaded batch, written when parsed and after every batch added before it; `alone`: a large
   * message, which the next download waits for (see `quiet`)
   */
  add(complete: Promise<FetchedBatch>, alone?: boolean): void;
  /**
   * resolves when no batch of the run is in memory: a large message is parsed only then, and held
   * alone, so a mailbox of 25 MB messages peaks no higher than one of small ones
   */
  quiet(): Promise<void>;
  /** every added batch written (or the first write failure) */
  drain(): Promise<void>;
}

/**
 * Writes batches in download order while the next ones download and parse; `store` may finish later (the
 * writer thread), and the next write starts only when it has. The download of a batch waits for parse
 * progress rather than for the writes, and at most `parseAhead + 1` batches are in memory (counted in
 * `inFlight`, shared with the run's other pipelines). A failed write stops the pipeline: the next
 * `readyForNext` (or `drain`) rejects with it.
 */
export function createStorePipeline(
  store: (fetched: FetchedBatch) => void | Promise<void>,
  parseAhead: number,
  inFlight: InFlight,
): StorePipeline {
  let written: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  return {
    readyForNext: async () => {
      await inFlight.unparsed.below(parseAhead);
      // Batches held in memory at once (downloaded, not yet written), whatever the parsers' pace.
      await inFlight.unwritten.below(parseAhead + 1);
      if (failure !== null) await written;
    },
    add: (complete, alone = false) => {
      // Weighted so readyForNext waits for it to be written.
      inFlight.unparsed.add(complete, alone ? parseAhead : 1);
      written = written.then(() => complete).then(store);
      written.catch((error: unknown) => {
        failure ??= error;
      });
      inFlight.unwritten.add(written, alone ? parseAhead + 1 : 1);
    },
    quiet: () => inFlight.unwritten.below(1),
    drain: () => written,
  };
}

function createPendingCount(): PendingCount {
  let pending = 0;
  // Several pipelines may wait at once (a folder's retry pass beside the next folder).
  const waiting = new Set<() => void>();
  return {
    add: (p, weight = 1) => {
      pending += weight;
      const settled = (): void => {
        pending -= weight;
        for (const wake of [...waiting]) wake();
      };
      p.then(settled, settled);
    },
    below: async (n) => {
      while (pending >= n) {
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            waiting.delete(wake);
            resolve();
          };
          waiting.add(wake);
        });
      }
    },
  };
}

import os from 'node:os';
import { Piscina } from 'piscina';
import { ownedBytes } from './transfer.ts';
import type { ParseResult, ParseTask } from './worker.ts';

export interface ParsePool {
  parse(raw: Buffer): Promise<ParseResult>;
  close(): Promise<void>;
}

/**
 * From the sources (CLI, tests) the worker is worker.ts beside this file; in the app's bundle it is
 * parse-worker.js beside the engine's entry (electron.vite.config.ts builds it as its own entry).
 */
const WORKER_FILE = import.meta.url.endsWith('.ts') ? './worker.ts' : './parse-worker.js';

/** Worker threads that parse and compress messages, so the IMAP socket and SQLite writes never wait on MIME. */
export function createParsePool(threads = defaultThreads()): ParsePool {
  const pool = new Piscina<ParseTask, unknown>({
    filename: new URL(WORKER_FILE, import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 30_000,
    // A worker gets new tasks only when the main thread has a turn, and the main thread spends stretches
    // of 20-40 ms in synchronous SQLite writes and IMAP parsing; with 8 tasks at hand the parsers ran dry
    // in each (measured on 20k messages: no parse running for 45% of the import). A deep queue in each
    // worker, worked through one message at a time (worker.ts), keeps them busy: 8.3 vs 9.0 s, same CPU.
    // The raw bytes are in memory either way, queued here or there; the import bounds how many batches
    // are unparsed (store-pipeline.ts).
    concurrentTasksPerWorker: 128,
    // Parsing makes many short-lived objects; a small young generation keeps each thread's heap from
    // ballooning (measured on 50k messages: peak RSS 424 → ~370 MB, same speed). The old generation
    // stays roomy: messages above MAX_PARSE_BYTES are never sent here, and a crash is handled anyway.
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 },
  });
  let closing: Promise<void> | null = null;
  return {
    parse: (raw) => {
      // Moved, not cloned: a multi-megabyte message owns its ArrayBuffer and is never held twice; a small
      // one shares Node's 8 KB pool slab, which a clone would copy whole, so it travels as an exact copy.
      const bytes = ownedBytes(raw);
      return pool.run({ raw: bytes }, { transferList: [bytes.buffer] }) as Promise<ParseResult>;
    },
    // Idempotent: a run closes it as soon as the last batch is parsed, and again in its `finally`.
    close: () => (closing ??= pool.close()),
  };
}

/** One thread per core: the main thread mostly waits on the socket and SQLite, which release the CPU. */
function defaultThreads(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

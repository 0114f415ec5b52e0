import os from 'node:os';
import { Piscina } from 'piscina';
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
  const pool = new Piscina<ParseTask, ParseResult>({
    filename: new URL(WORKER_FILE, import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 30_000,
    // A worker gets its next task only when the main thread has a turn, and the main thread spends
    // stretches in synchronous SQLite writes and IMAP parsing. Handing each worker several tasks at once
    // keeps it busy through those stretches (measured: workers were idle 40% of the run with one).
    concurrentTasksPerWorker: 8,
    // Parsing makes many short-lived objects; a small young generation keeps each thread's heap from
    // ballooning (measured on 50k messages: peak RSS 424 → ~370 MB, same speed). The old generation
    // stays roomy: messages above MAX_PARSE_BYTES are never sent here, and a crash is handled anyway.
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 },
  });
  return {
    parse: (raw) => {
      // A buffer that owns its whole ArrayBuffer (every multi-megabyte message does) is moved, not
      // copied, so a big message is never held twice; small ones share Node's pool and are copied.
      const ownsMemory = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength;
      const task: ParseTask = { raw };
      return ownsMemory && raw.buffer instanceof ArrayBuffer
        ? pool.run(task, { transferList: [raw.buffer] })
        : pool.run(task);
    },
    close: () => pool.close(),
  };
}

/** One thread per core: the main thread mostly waits on the socket and SQLite, which release the CPU. */
function defaultThreads(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

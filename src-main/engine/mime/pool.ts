import os from 'node:os';
import { Piscina } from 'piscina';
import { ownedBytes } from './transfer.ts';
import type { ParseResult, ParseTask } from './worker.ts';

export interface ParsePool {
  parse(raw: Buffer): Promise<ParseResult>;
  /**
   * a large message from the file that holds it: read by the parser thread, so this thread never holds
   * it; stored in parts. `unparsed`: store it without reading its MIME, for this reason.
   */
  parseFile(file: string, unparsed: string | null): Promise<ParseResult>;
  close(): Promise<void>;
}

/**
 * From the sources (CLI, tests) the worker is worker.ts beside this file; in the app's bundle it is
 * parse-worker.js beside the engine's entry (electron.vite.config.ts builds it as its own entry).
 */
const WORKER_FILE = import.meta.url.endsWith('.ts') ? './worker.ts' : './parse-worker.js';

/**
 * Messages travel to a parser thread in groups of up to this many, one task each: every task costs a
 * message each way between the threads, a wake-up and piscina's bookkeeping. A group goes as soon as the
 * main thread has a turn, so none waits for company.
 */
const GROUP_SIZE = 16;

/** A message this big travels alone: in a group, its parsed results would wait, in memory, for the rest. */
const ALONE_BYTES = 256 * 1024;

interface Waiting {
  bytes: Uint8Array<ArrayBuffer>;
  resolve: (result: ParseResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Node 22's require() of an ES module aborted the process once in a CI run of ~1,000 tests (a native
 * assertion in CreateRequiredModuleFacade as a parser thread loaded worker.ts under load). piscina
 * tries require() before import(), so its threads start with require(esm) off and load through import().
 */
function workerExecArgv(): string[] | undefined {
  const flag = '--no-experimental-require-module';
  return process.allowedNodeEnvironmentFlags.has(flag) ? [flag] : undefined;
}

/** Worker threads that parse and compress messages, so the IMAP socket and SQLite writes never wait on MIME. */
export function createParsePool(threads = defaultThreads()): ParsePool {
  const pool = new Piscina<ParseTask, unknown>({
    filename: new URL(WORKER_FILE, import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 30_000,
    // A worker gets new tasks only when the main thread has a turn, which can be tens of ms away: a deep
    // queue in each worker (8 groups of up to 16) keeps them busy; a thread parses one group at a time
    // (worker.ts is synchronous).
    // The raw bytes are in memory either way, queued here or there; the import bounds how many batches
    // are unparsed (store-pipeline.ts).
    concurrentTasksPerWorker: 8,
    // Parsing makes many short-lived objects; a small young generation keeps each thread's heap from
    // ballooning. The old generation stays roomy: messages above MAX_PARSE_BYTES are never sent here, and
    // a crash is handled anyway. Under `mailtrove import` V8 lets the --max-semi-space-size flag
    // (memory-tuning.ts) win over this young-generation limit.
    resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 },
    execArgv: workerExecArgv(),
  });
  let closing: Promise<void> | null = null;
  let group: Waiting[] = [];
  /** Hands the group gathered so far to a thread; a failed task fails each of its messages. */
  const send = (): void => {
    if (group.length === 0) return;
    const sent = group;
    group = [];
    const raws = sent.map((w) => w.bytes);
    (pool.run({ raws }, { transferList: raws.map((r) => r.buffer) }) as Promise<ParseResult[]>).then(
      (results) => {
        sent.forEach((w, i) => {
          w.resolve(results[i] as ParseResult);
        });
      },
      (error: unknown) => {
        for (const w of sent) w.reject(error);
      },
    );
  };
  return {
    parse: (raw) =>
      new Promise<ParseResult>((resolve, reject) => {
        // Moved, not cloned: a multi-megabyte message owns its ArrayBuffer and is never held twice; a small
        // one shares Node's 8 KB pool slab, which a clone would copy whole, so it travels as an exact copy.
        const alone = raw.byteLength >= ALONE_BYTES;
        if (alone) send();
        group.push({ bytes: ownedBytes(raw), resolve, reject });
        if (alone || group.length >= GROUP_SIZE) send();
        else if (group.length === 1) setImmediate(send);
      }),
    parseFile: (file, unparsed) => {
      // The messages gathered so far go first.
      send();
      return pool.run({ file, unparsed }) as Promise<ParseResult>;
    },
    // Idempotent: a run closes it as soon as the last batch is parsed, and again in its `finally`.
    close: () => (closing ??= pool.close()),
  };
}

/**
 * One thread per core but one, which the archive writer thread (archive/writer-thread.ts) keeps busy; the
 * main thread mostly waits on the socket. On two cores that is one parser thread: a second one bought no
 * time and cost memory (docs/performance.md).
 */
function defaultThreads(): number {
  return Math.max(1, Math.min(3, os.availableParallelism() - 1));
}

/**
 * A pool whose threads start with the first message, so a top-up with nothing new never starts them;
 * warm() starts them early, while a folder that has messages to download is still being set up.
 */
export function lazyParsePool(start: () => ParsePool = createParsePool): ParsePool & { warm(): void } {
  let pool: ParsePool | null = null;
  const started = (): ParsePool => (pool ??= start());
  return {
    parse: (raw) => started().parse(raw),
    parseFile: (file, unparsed) => started().parseFile(file, unparsed),
    warm: () => {
      started();
    },
    close: async () => {
      await pool?.close();
    },
  };
}

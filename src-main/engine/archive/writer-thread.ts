import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { transferables } from '../mime/stored-content.ts';
import type { Batch, BatchResult } from './messages-repo.ts';
import type { ScanRecord } from './scans-repo.ts';
import type { WriterData, WriterReply, WriterRequest } from './writer-worker.ts';
import { applyWrite, createWriteOps, type WriteArg, type WriteName, type WriteResult } from './writer-ops.ts';

/**
 * The one writer of an archive while an import runs: every write of the import (batches, scans, the
 * run's row, folders, checkpoints, threads, the job's state) goes through it, in the order asked, each
 * resolving once committed. Writing on the main connection instead would wait out the writer's
 * transaction there, holding up the download.
 */
export interface ArchiveWriter {
  /** runs a write from writer-ops.ts */
  run<K extends WriteName>(name: K, arg: WriteArg<K>): Promise<WriteResult<K>>;
  write(batch: Batch): Promise<BatchResult>;
  recordScan(scan: ScanRecord): Promise<void>;
  /** waits for the writes already asked for, then lets go (the last user closes the thread); idempotent */
  close(): Promise<void>;
}

/** From the sources the thread runs writer-worker.ts; in the app's bundle, archive-writer.js beside the engine. */
const WORKER_FILE = import.meta.url.endsWith('.ts') ? './writer-worker.ts' : './archive-writer.js';

interface Shared {
  writer: ArchiveWriter;
  users: number;
}

/** The writer each open archive has while imports run: two accounts importing at once share one. */
const active = new WeakMap<Database.Database, Shared>();

/** The writer of an import running on `db`, if one is: writes made meanwhile must go through it. */
export function activeWriter(db: Database.Database): ArchiveWriter | null {
  return active.get(db)?.writer ?? null;
}

/**
 * Starts (or joins) the writer thread of `db`, with its own connection to the file, so an import's SQLite
 * work runs beside the IMAP download and the parsers instead of in turn with them. The stored bytes move to the thread without
 * a copy. An in-memory database has no file to share, so its writes run here, on this thread.
 */
export function startArchiveWriter(db: Database.Database): ArchiveWriter {
  let shared = active.get(db);
  if (shared === undefined) {
    // A thread that died is not handed to the next import: that one starts a new thread.
    const forget = (): void => {
      if (active.get(db) === entry) active.delete(db);
    };
    const entry: Shared = { writer: db.memory ? inThisThread(db) : inWorker(db, forget), users: 0 };
    shared = entry;
    active.set(db, shared);
  }
  shared.users += 1;
  const { writer } = shared;
  let closing: Promise<void> | null = null;
  return {
    run: (name, arg) => writer.run(name, arg),
    write: (batch) => writer.write(batch),
    recordScan: (scan) => writer.recordScan(scan),
    close: () =>
      (closing ??= (async () => {
        const self = active.get(db);
        if (self === undefined || self.writer !== writer) return;
        self.users -= 1;
        if (self.users > 0) {
          await writer.run('flush', undefined);
          return;
        }
        active.delete(db);
        await writer.close();
      })()),
  };
}

function inWorker(db: Database.Database, onStop: () => void): ArchiveWriter {
  const data: WriterData = {
    file: db.name,
    maxPageCount: db.pragma('max_page_count', { simple: true }) as number,
  };
  const worker = new Worker(new URL(WORKER_FILE, import.meta.url), {
    workerData: data,
    // The thread holds little besides SQLite's own memory (outside the V8 heap): a small young generation
    // keeps its heap from growing to V8's defaults (it made no difference to time or RSS on 20k messages).
    // Under `mailtrove import` the process's --max-semi-space-size wins over it (see mime/pool.ts).
    resourceLimits: { maxYoungGenerationSizeMb: 2 },
  });
  const waiting = new Map<number, { resolve: (reply: WriterReply) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let stopped: Error | null = null;
  const stop = (error: Error): void => {
    stopped ??= error;
    onStop();
    for (const { reject } of waiting.values()) reject(stopped);
    waiting.clear();
  };
  worker.on('message', (reply: WriterReply) => {
    const entry = waiting.get(reply.id);
    waiting.delete(reply.id);
    entry?.resolve(reply);
  });
  worker.on('error', stop);
  worker.on('exit', (code) => {
    stop(new Error(`The archive writer thread stopped (exit code ${code}).`));
  });
  const ask = (request: WriterRequest, transfer: ArrayBuffer[] = []): Promise<WriterReply> => {
    if (stopped) return Promise.reject(stopped);
    return new Promise((resolve, reject) => {
      waiting.set(request.id, { resolve, reject });
      worker.postMessage(request, transfer);
    });
  };
  /** A write's result; a failure on the thread comes back as an error with SQLite's code. */
  const run = async <K extends WriteName>(
    name: K,
    arg: WriteArg<K>,
    transfer?: ArrayBuffer[],
  ): Promise<WriteResult<K>> => {
    const reply = await ask({ id: nextId++, name, arg }, transfer);
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
    return reply.result as WriteResult<K>;
  };
  let closing: Promise<void> | null = null;
  return {
    run: (name, arg) => run(name, arg),
    write: (batch) =>
      run(
        'batch',
        batch,
        batch.items.flatMap((item) => (item.content ? transferables(item.content) : [])),
      ),
    recordScan: async (scan) => {
      await run('scan', scan);
    },
    close: () =>
      (closing ??= (async () => {
        if (stopped) return;
        const exited = new Promise<void>((resolve) => {
          worker.once('exit', () => {
            resolve();
          });
        });
        await ask({ id: nextId++, close: true });
        await exited;
      })()),
  };
}

function inThisThread(db: Database.Database): ArchiveWriter {
  const ops = createWriteOps(db);
  // Asynchronous like the thread's answers, so callers behave the same either way.
  const run = <K extends WriteName>(name: K, arg: WriteArg<K>): Promise<WriteResult<K>> =>
    Promise.resolve().then(() => applyWrite(ops, name, arg) as WriteResult<K>);
  return {
    run,
    write: (batch) => run('batch', batch),
    recordScan: async (scan) => {
      await run('scan', scan);
    },
    close: () => Promise.resolve(),
  };
}

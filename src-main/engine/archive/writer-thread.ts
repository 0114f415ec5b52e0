import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { transferables } from '../mime/stored-content.ts';
import { createBatchWriter, type Batch, type BatchResult } from './messages-repo.ts';
import { recordScan, type ScanRecord } from './scans-repo.ts';
import type { WriterData, WriterReply, WriterRequest } from './writer-worker.ts';

/**
 * Writes an import's batches and scan records in the order asked; each resolves once committed. Writing
 * on the main connection instead would wait out the writer's transaction there, holding up the download.
 */
export interface ArchiveWriter {
  write(batch: Batch): Promise<BatchResult>;
  recordScan(scan: ScanRecord): Promise<void>;
  /** waits for the writes already asked for, then closes; idempotent */
  close(): Promise<void>;
}

/** From the sources the thread runs writer-worker.ts; in the app's bundle, archive-writer.js beside the engine. */
const WORKER_FILE = import.meta.url.endsWith('.ts') ? './writer-worker.ts' : './archive-writer.js';

/**
 * Starts a writer thread with its own connection to `db`'s file, so an import's SQLite work runs beside
 * the IMAP download and the parsers instead of in turn with them (52k-message benchmark, alternating runs:
 * 14.3-15.5 s before, 13.0-14.1 s with it). The stored bytes move to the thread without a copy. An
 * in-memory database has no file to share, so its batches are written here, on this thread.
 */
export function startArchiveWriter(db: Database.Database): ArchiveWriter {
  if (db.memory) return inThisThread(db);
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
  const written = async (request: WriterRequest, transfer?: ArrayBuffer[]): Promise<BatchResult | null> => {
    const reply = await ask(request, transfer);
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
    return reply.result;
  };
  let closing: Promise<void> | null = null;
  return {
    write: async (batch) => {
      const transfer = batch.items.flatMap((item) => (item.content ? transferables(item.content) : []));
      const result = await written({ id: nextId++, batch }, transfer);
      if (result === null) throw new Error('The archive writer answered a batch without a result.');
      return result;
    },
    recordScan: async (scan) => {
      await written({ id: nextId++, scan });
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
  const write = createBatchWriter(db);
  return {
    write: (batch) => Promise.resolve().then(() => write(batch)),
    recordScan: (scan) =>
      Promise.resolve().then(() => {
        recordScan(db, scan);
      }),
    close: () => Promise.resolve(),
  };
}

import { parentPort, workerData } from 'node:worker_threads';
import { storedBytes } from '../mime/stored-content.ts';
import { release } from '../mime/transfer.ts';
import type { Batch } from './messages-repo.ts';
import { openSecondConnection } from './open.ts';
import { applyWrite, createWriteOps, type WriteName } from './writer-ops.ts';

/** What the import's writer thread is started with (writer-thread.ts). */
export interface WriterData {
  file: string;
  maxPageCount: number;
}

export type WriterRequest = { id: number; name: WriteName; arg: unknown } | { id: number; close: true };

export type WriterReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string; code: string | null } };

/**
 * Runs in a worker thread: makes every write of the archive's imports (writer-ops.ts), one transaction
 * each, in the order they come.
 * SQLite and the full-text index are an import's largest work after MIME reading: here they run beside the
 * IMAP download instead of in turn with it.
 */
const port = parentPort;
if (port === null) throw new Error('writer-worker.ts runs only as a worker thread');
const { file, maxPageCount } = workerData as WriterData;
const db = openSecondConnection(file, maxPageCount);
const ops = createWriteOps(db);

port.on('message', (request: WriterRequest) => {
  if ('close' in request) {
    db.close();
    port.postMessage({ id: request.id, ok: true, result: null } satisfies WriterReply);
    port.close();
    return;
  }
  try {
    if (request.name === 'batch') {
      const batch = withBufferHashes(request.arg as Batch);
      const result = ops.batch(batch);
      // SQLite holds its own copy now: the batch's bytes (a 25 MB message's too) go at once, not whenever
      // this quiet thread next collects.
      for (const item of batch.items) if (item.content) storedBytes(item.content).forEach(release);
      port.postMessage({ id: request.id, ok: true, result } satisfies WriterReply);
      return;
    }
    const result = applyWrite(ops, request.name, request.arg);
    port.postMessage({ id: request.id, ok: true, result } satisfies WriterReply);
  } catch (error) {
    port.postMessage({ id: request.id, ok: false, error: describe(error) } satisfies WriterReply);
  }
});

/** A Buffer arrives as a plain Uint8Array; the writer's types (and SQLite's blob binding) want Buffers. */
function withBufferHashes(batch: Batch): Batch {
  for (const item of batch.items) {
    const hash: Uint8Array = item.sha256;
    item.sha256 = Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength);
  }
  return batch;
}

/** Enough of the error to classify it on the other side (failures.ts reads SQLite's `code`). */
function describe(error: unknown): { name: string; message: string; code: string | null } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), code: null };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, code: typeof code === 'string' ? code : null };
}

import fsp, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { MailtroveError } from '../errors.ts';
import { checkDestination, type Destination, type DestinationRequest } from './destination.ts';
import { writeEmlFiles } from './eml.ts';
import { mboxChunks } from './mbox.ts';

export interface ExportRequest extends DestinationRequest {
  onProgress?: (done: number) => void;
}

export interface ExportResult {
  /** where the export is, as the user named it (absolute) */
  path: string;
  messages: number;
  /** bytes written: the .eml files, or the mbox file with its separators and quoting */
  bytes: number;
}

/**
 * Exports messages to `request.out` as one mboxrd file or a folder of .eml files, after
 * checkDestination: never into the archive, never over anything without `force`, never creating
 * missing folders. Every file-system call on the path is asynchronous.
 */
export async function exportToPath(
  db: Database.Database,
  messageIds: Iterable<number>,
  request: ExportRequest,
): Promise<ExportResult> {
  try {
    const destination = await checkDestination(request);
    if (request.format === 'mbox') return await writeMboxFile(db, messageIds, destination, request);
    if (!destination.exists) await createFolder(destination);
    const written = await writeEmlFiles(db, messageIds, destination.real, request.onProgress);
    return { path: destination.target, messages: written.files, bytes: written.bytes };
  } catch (error) {
    // A full disk or a read-only place is the user's to fix, not a bug: say so plainly.
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof MailtroveError || typeof code !== 'string' || !code.startsWith('E')) throw error;
    throw new MailtroveError('usage', `Cannot write the export to ${path.resolve(request.out)} (${code}).`, {
      hint: 'Choose another place, or check that you may write there and that the disk has room.',
      cause: error,
    });
  }
}

/** Exclusively: a folder that appeared since the check is someone else's. */
async function createFolder(destination: Destination): Promise<void> {
  try {
    await fsp.mkdir(destination.real, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new MailtroveError('usage', `${destination.target} appeared while the export started; try again.`);
  }
}

/**
 * The mbox is written beside its destination as `<name>.partial` and appears under its name only when
 * complete, so an interrupted export never leaves a truncated mbox that looks finished.
 */
async function writeMboxFile(
  db: Database.Database,
  messageIds: Iterable<number>,
  destination: Destination,
  request: ExportRequest,
): Promise<ExportResult> {
  const partial = `${destination.real}.partial`;
  const handle = await openPartial(partial, destination.target, request);
  let messages = 0;
  let bytes = 0;
  try {
    try {
      for (const chunk of mboxChunks(db, messageIds)) {
        await writeAll(handle, chunk.data);
        bytes += chunk.data.byteLength;
        messages = chunk.messages;
        request.onProgress?.(messages);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await publish(partial, destination, request);
  } catch (error) {
    await fsp.rm(partial, { force: true });
    throw error;
  }
  return { path: destination.target, messages, bytes };
}

/** Creates the .partial file exclusively; a leftover one is removed only with `force`. */
async function openPartial(partial: string, target: string, request: ExportRequest): Promise<FileHandle> {
  try {
    return await fsp.open(partial, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const leftover = await fsp.lstat(partial);
  if (!request.force || !leftover.isFile()) {
    throw new MailtroveError(
      'usage',
      `${target}.partial already exists: an earlier export was interrupted, or another one is running.`,
      { hint: `Delete it when no export is running, or ${request.howToForce} to replace it.` },
    );
  }
  await fsp.unlink(partial);
  return fsp.open(partial, 'wx', 0o600);
}

/** Errors that mean "this file system has no hard links" (FAT, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV']);

/**
 * Puts the finished file under its name. Without `force` that is link(2), which fails when the name is
 * taken, so a file created since the check is never replaced; rename(2) would replace it silently.
 */
async function publish(partial: string, destination: Destination, request: ExportRequest): Promise<void> {
  if (request.force) {
    await fsp.rename(partial, destination.real);
    return;
  }
  try {
    await fsp.link(partial, destination.real);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code !== 'EEXIST' && !NO_HARD_LINKS.has(code)) throw error;
    // Without hard links, check then rename: a file created in between is the one race left.
    if (code === 'EEXIST' || (await exists(destination.real))) {
      throw new MailtroveError(
        'usage',
        `${destination.target} already exists; ${request.howToForce} to replace it.`,
      );
    }
    await fsp.rename(partial, destination.real);
    return;
  }
  await fsp.unlink(partial);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fsp.lstat(file);
    return true;
  } catch {
    return false;
  }
}

async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  // write may take less than asked (rare for files, but not promised otherwise).
  while (offset < data.byteLength) {
    const { bytesWritten } = await handle.write(data, offset, data.byteLength - offset);
    offset += bytesWritten;
  }
}

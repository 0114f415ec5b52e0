import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ARCHIVE_FILE_NAME } from '../archive/open.ts';

/** Which message a spool file holds the first bytes of. */
export interface SpoolKey {
  folderId: number;
  uidValidity: number;
  uid: number;
}

/** The received part of one large message, kept on disk so a new connection (or run) continues from it. */
export interface SpoolFile {
  readonly path: string;
  /** the message's size (RFC822.SIZE) when its first range was asked for */
  readonly size: number;
  /** bytes held: the next range starts here */
  readonly length: number;
  append(bytes: Uint8Array): Promise<void>;
  /** forgets the bytes held: the message is now `size` bytes, to be fetched from its first byte */
  restart(size: number): Promise<void>;
  /** SHA-256 of the bytes held, read from the file a piece at a time (the message is never in memory) */
  hash(): Promise<Buffer>;
  remove(): Promise<void>;
}

/** Spool files nobody has touched for this long belong to an import that is not coming back. */
export const STALE_SPOOL_MS = 14 * 86_400_000;

const NAME = /^(\d+)-(\d+)-(\d+)-(\d+)\.part$/;

/**
 * The spool directory of an archive: `spool/` in the archive's own directory, or `FILE-spool` beside an
 * archive given as a file (as SQLite puts its -wal there), so no foreign folder gets one. An in-memory
 * archive (tests) spools to a directory of this process under the system's temp dir.
 */
export function spoolDirFor(db: { name: string; memory: boolean }): string {
  if (db.memory) return path.join(os.tmpdir(), `mailtrove-spool-${process.pid}`);
  return path.basename(db.name) === ARCHIVE_FILE_NAME
    ? path.join(path.dirname(db.name), 'spool')
    : `${db.name}-spool`;
}

const prefixOf = (key: SpoolKey): string => `${key.folderId}-${key.uidValidity}-${key.uid}-`;

/**
 * Opens the spool file of a message of `size` bytes, with what an earlier connection or run received of
 * it. A spool of the same UID at another size is of a message that changed: it is dropped.
 */
export async function openSpool(dir: string, key: SpoolKey, size: number): Promise<SpoolFile> {
  // Private like the archive: mail bytes, readable by the user alone.
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const prefix = prefixOf(key);
  let file = path.join(dir, `${prefix}${size}.part`);
  let length = 0;
  for (const name of await fs.readdir(dir)) {
    if (!name.startsWith(prefix)) continue;
    const found = path.join(dir, name);
    if (found === file) length = (await fs.stat(found)).size;
    else await fs.rm(found, { force: true });
  }
  let current = size;
  return {
    get path() {
      return file;
    },
    get size() {
      return current;
    },
    get length() {
      return length;
    },
    async append(bytes) {
      await fs.appendFile(file, bytes, { mode: 0o600 });
      length += bytes.byteLength;
    },
    async restart(newSize) {
      await fs.rm(file, { force: true });
      current = newSize;
      file = path.join(dir, `${prefix}${newSize}.part`);
      await fs.rm(file, { force: true });
      length = 0;
    },
    async hash() {
      const digest = createHash('sha256');
      for await (const piece of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
        digest.update(piece as Buffer);
      }
      return digest.digest();
    },
    async remove() {
      await fs.rm(file, { force: true });
    },
  };
}

/**
 * Removes spool files that no import will continue: those `drop` selects (by the message they hold) and
 * those untouched for STALE_SPOOL_MS. A missing directory is nothing to clean.
 */
export async function cleanSpool(
  dir: string,
  drop: (key: SpoolKey) => boolean,
  now: number = Date.now(),
): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const file = path.join(dir, name);
    const match = NAME.exec(name);
    const key = match
      ? { folderId: Number(match[1]), uidValidity: Number(match[2]), uid: Number(match[3]) }
      : null;
    const stale = async (): Promise<boolean> => {
      const stat = await fs.stat(file).catch(() => null);
      return stat !== null && now - stat.mtimeMs > STALE_SPOOL_MS;
    };
    if ((key !== null && drop(key)) || (await stale())) await fs.rm(file, { force: true });
  }
}

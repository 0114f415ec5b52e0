import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MailtroveError } from '../errors.ts';
import { LATEST_VERSION, migrate } from './migrations/registry.ts';
import { resolveArchiveFile } from './location.ts';
import { tuneSearchIndex } from './search-index.ts';

export { ARCHIVE_FILE_NAME, archiveExists, resolveArchiveFile } from './location.ts';

export interface OpenOptions {
  /** a read-only connection (search while importing, dry runs); never creates or changes anything */
  readonly?: boolean;
  /** create the archive when missing (only commands that store something) */
  create?: boolean;
}

/** Opens the archive, refusing (without touching it) one written by a newer MailTrove. */
export function openArchive(archivePath: string, options: OpenOptions = {}): Database.Database {
  const file = resolveArchiveFile(archivePath);
  const exists = fs.existsSync(file);
  if (!exists && !options.create) {
    throw new MailtroveError('config', `No archive at ${file}.`, {
      hint: 'Add an account first (mailtrove account add …) or pass --archive PATH.',
    });
  }
  if (exists) refuseNewerSchema(file);
  if (options.readonly) {
    return new Database(file, { readonly: true, fileMustExist: true });
  }
  if (!exists) createPrivateFile(file, ownsDirectory(archivePath, file));
  const db = openWritable(file, !exists);
  restrictPermissions(file);
  return db;
}

/**
 * SQLite page size of a new archive. Bigger pages than the default 4 KB hold a typical compressed message
 * and a full-text index leaf without overflow chains, which writes faster and
 * makes a smaller file. It can only be set
 * before the first write, so archives created with 4 KB pages keep them.
 */
const NEW_ARCHIVE_PAGE_SIZE = 16384;

function openWritable(file: string, created: boolean): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw new MailtroveError('archive', `Cannot open the archive ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (created) db.pragma(`page_size = ${NEW_ARCHIVE_PAGE_SIZE}`);
  db.pragma('journal_mode = WAL');
  applyConnectionSettings(db);
  migrate(db);
  if (created) tuneSearchIndex(db, NEW_ARCHIVE_PAGE_SIZE);
  return db;
}

/** Settings SQLite keeps per connection, for every connection that writes. */
function applyConnectionSettings(db: Database.Database): void {
  // NORMAL in WAL mode is durable at each checkpoint and never corrupts; a power cut may lose the last
  // transactions, which the checkpoint-per-batch design re-fetches on the next run.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

/**
 * A second writing connection to an archive another connection has opened (and migrated) in this process:
 * the import's writer thread (writer-thread.ts) uses one. `maxPageCount` carries the opener's size cap over.
 */
export function openSecondConnection(file: string, maxPageCount: number): Database.Database {
  const db = new Database(file, { fileMustExist: true });
  applyConnectionSettings(db);
  db.pragma(`max_page_count = ${maxPageCount}`);
  return db;
}

function refuseNewerSchema(file: string): void {
  const probe = new Database(file, { readonly: true, fileMustExist: true });
  let version: number;
  try {
    version = probe.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    throw new MailtroveError('archive', `${file} is not a MailTrove archive: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    probe.close();
  }
  if (version > LATEST_VERSION) {
    throw new MailtroveError(
      'config',
      `The archive ${file} was written by a newer MailTrove (schema ${version}, this one knows ${LATEST_VERSION}); it was not opened or changed.`,
      { hint: 'Update MailTrove to use this archive.' },
    );
  }
}

/** A directory named by --archive is the archive's own; a file path may live in a shared directory. */
function ownsDirectory(archivePath: string, file: string): boolean {
  return path.resolve(archivePath) === path.dirname(file);
}

/**
 * The archive holds private mail: readable by the user alone. The file is created
 * 0600 before SQLite opens it, because SQLite gives its -wal and -shm files the database file's mode.
 */
function createPrivateFile(file: string, ownDirectory: boolean): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (ownDirectory && process.platform !== 'win32') fs.chmodSync(dir, 0o700);
  fs.closeSync(fs.openSync(file, 'a', 0o600));
}

function restrictPermissions(file: string): void {
  if (process.platform === 'win32') return;
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(file + suffix)) fs.chmodSync(file + suffix, 0o600);
  }
}

import type Database from 'better-sqlite3';
import { archiveExists } from '../archive/location.ts';
import { openArchive } from '../archive/open.ts';

/**
 * How a use case reaches the archive. A host (the app's engine, `mailtrove serve`) holds one writing and
 * one read-only connection for its whole life; a CLI command opens the archive for one use case and
 * closes it, so a command that only reads never creates or changes a byte.
 */
export interface ArchiveAccess {
  /** as the user gave it (directory or database file) */
  archivePath: string;
  /** true when connections are held (a host); false when each use case opens its own */
  held: boolean;
  exists(): boolean;
  /** runs `use` on a read-only connection */
  read<T>(use: (db: Database.Database) => Promise<T> | T): Promise<T>;
  readSync<T>(use: (db: Database.Database) => T): T;
  /**
   * runs `use` where it sees every write of this process at once: the writing connection of a host
   * (accounts it has just added), a read-only one per call
   */
  readCurrent<T>(use: (db: Database.Database) => T): T;
  /** runs `use` on the writing connection; `create` makes a missing archive (commands that store) */
  write<T>(use: (db: Database.Database) => Promise<T> | T, create?: boolean): Promise<T>;
  writeSync<T>(use: (db: Database.Database) => T, create?: boolean): T;
}

export interface HeldConnections {
  /** the one writing connection */
  db: Database.Database;
  /** a read-only connection (WAL): reads never wait behind an import's batch transaction */
  reader: Database.Database;
}

export function heldAccess(archivePath: string, held: HeldConnections): ArchiveAccess {
  return {
    archivePath,
    held: true,
    exists: () => true,
    read: async (use) => use(held.reader),
    readSync: (use) => use(held.reader),
    readCurrent: (use) => use(held.db),
    write: async (use) => use(held.db),
    writeSync: (use) => use(held.db),
  };
}

export function perCallAccess(archivePath: string): ArchiveAccess {
  const open = (readonly: boolean, create: boolean): Database.Database =>
    openArchive(archivePath, readonly ? { readonly } : { create });
  const sync = <T>(db: Database.Database, use: (db: Database.Database) => T): T => {
    try {
      return use(db);
    } finally {
      db.close();
    }
  };
  const async = async <T>(db: Database.Database, use: (db: Database.Database) => Promise<T> | T) => {
    try {
      return await use(db);
    } finally {
      db.close();
    }
  };
  return {
    archivePath,
    held: false,
    exists: () => archiveExists(archivePath),
    read: (use) => async(open(true, false), use),
    readSync: (use) => sync(open(true, false), use),
    readCurrent: (use) => sync(open(true, false), use),
    write: (use, create = false) => async(open(false, create), use),
    writeSync: (use, create = false) => sync(open(false, create), use),
  };
}

/** Opens the connections a host holds: the writer first, so the archive exists for the reader. */
export function openHeldConnections(archivePath: string): HeldConnections & { close(): void } {
  const db = openArchive(archivePath, { create: true });
  const reader = openArchive(archivePath, { readonly: true });
  return {
    db,
    reader,
    close() {
      reader.close();
      db.close();
    },
  };
}

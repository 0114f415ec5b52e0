import Database from 'better-sqlite3';
import type { Naming, NamingRole, NamingStore } from '../threading/jwz.ts';

/** Rows per insert transaction: big enough that commits cost nothing, small enough to hold. */
const CHUNK = 5000;

/**
 * The namings of a whole archive's threading, kept in a private temporary SQLite database (on disk, with
 * SQLite's small page cache) and read back sorted by key: a Map of every Message-ID of 250,000 messages
 * took ~100 MB of heap. A separate connection, because the archive's is busy streaming the messages while
 * namings are added. Close it when done: the file goes with it.
 */
export function archiveNamings(): NamingStore & { close(): void } {
  const db = new Database('');
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  // Its pages are written once and read once, in order: a big cache (16 MB by default) buys nothing.
  db.pragma('cache_size = -2000');
  db.exec('CREATE TABLE namings (key TEXT NOT NULL, idx INTEGER NOT NULL, role INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO namings (key, idx, role) VALUES (?, ?, ?)');
  const insertAll = db.transaction((rows: [string, number, NamingRole][]) => {
    for (const row of rows) insert.run(row);
  });
  let pending: [string, number, NamingRole][] = [];
  const flush = (): void => {
    if (pending.length > 0) insertAll(pending);
    pending = [];
  };
  return {
    add(key, index, role) {
      pending.push([key, index, role]);
      if (pending.length >= CHUNK) flush();
    },
    *groups() {
      flush();
      const rows = db
        .prepare('SELECT key, idx, role FROM namings ORDER BY key')
        .raw()
        .iterate() as IterableIterator<[string, number, NamingRole]>;
      let key: string | null = null;
      let group: Naming[] = [];
      for (const [rowKey, index, role] of rows) {
        if (rowKey !== key && group.length > 0) {
          yield group;
          group = [];
        }
        key = rowKey;
        group.push({ index, role });
      }
      if (group.length > 0) yield group;
    },
    close: () => {
      db.close();
    },
  };
}

import type Database from 'better-sqlite3';
import type { Migration } from './registry.ts';

const OLD_CODECS = "CHECK (codec IN ('none', 'deflate-raw'))";
const NEW_CODECS = "CHECK (codec IN ('none', 'deflate-raw', 'brotli'))";

/**
 * Stored mail and body text may be Brotli-packed (raw-codec.ts says why). Only the CHECK constraints of
 * message_raw and message_body change, and they only get wider, so every existing row stays valid and
 * nothing on disk moves. SQLite documents that case as safe to edit in place ("Making Other Kinds Of
 * Table Schema Changes", lang_altertable.html); copying the two tables instead would rewrite an archive
 * of many gigabytes on its first open.
 */
export const brotli: Migration = {
  version: 4,
  name: 'brotli',
  up: (db) => {
    withWritableSchema(db, () => {
      for (const table of ['message_raw', 'message_body']) {
        const changed = db
          .prepare("UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?")
          .run(OLD_CODECS, NEW_CODECS, table).changes;
        if (changed !== 1) throw new Error(`Migration 0004: the schema of ${table} is not the expected one.`);
      }
    });
    // The constraint text must now be exactly the new one, or the edit went wrong: fail the migration.
    for (const table of ['message_raw', 'message_body']) {
      const sql = db
        .prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?")
        .pluck()
        .get(table);
      if (typeof sql !== 'string' || !sql.includes(NEW_CODECS)) {
        throw new Error(`Migration 0004: ${table} did not take the new codec list.`);
      }
    }
  },
};

/**
 * The documented procedure: schema edits with writable_schema on, then a bumped schema_version so every
 * connection re-reads the schema. better-sqlite3 opens connections in defensive mode, which forbids
 * writing sqlite_schema; unsafe mode lifts that for the duration only.
 */
export function withWritableSchema(db: Database.Database, edit: () => void): void {
  const version = db.pragma('schema_version', { simple: true }) as number;
  db.unsafeMode(true);
  try {
    db.pragma('writable_schema = ON');
    try {
      edit();
      db.pragma(`schema_version = ${version + 1}`);
    } finally {
      db.pragma('writable_schema = OFF');
    }
  } finally {
    db.unsafeMode(false);
  }
}

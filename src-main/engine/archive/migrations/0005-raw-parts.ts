import type { Migration } from './registry.ts';
import { withWritableSchema } from './0004-brotli.ts';

const OLD_CODECS = "CHECK (codec IN ('none', 'deflate-raw', 'brotli'))";
const NEW_CODECS = "CHECK (codec IN ('none', 'deflate-raw', 'brotli', 'parts'))";

/**
 * A large message may be stored in parts (raw-codec.ts says why): its message_raw row says 'parts' and
 * holds no bytes, and message_raw_parts holds the pieces, each packed on its own, in order. The codec
 * list of message_raw only gets wider, edited in place as in 0004; the new table starts empty.
 */
export const rawParts: Migration = {
  version: 5,
  name: 'raw-parts',
  up: (db) => {
    withWritableSchema(db, () => {
      const changed = db
        .prepare("UPDATE sqlite_schema SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?")
        .run(OLD_CODECS, NEW_CODECS, 'message_raw').changes;
      if (changed !== 1)
        throw new Error('Migration 0005: the schema of message_raw is not the expected one.');
    });
    const sql = db
      .prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'message_raw'")
      .pluck()
      .get();
    if (typeof sql !== 'string' || !sql.includes(NEW_CODECS)) {
      throw new Error('Migration 0005: message_raw did not take the new codec list.');
    }
    db.exec(`
      CREATE TABLE message_raw_parts (
        message_id INTEGER NOT NULL REFERENCES messages (id),
        part INTEGER NOT NULL,
        codec TEXT NOT NULL CHECK (codec IN ('none', 'deflate-raw', 'brotli')),
        data BLOB NOT NULL,
        PRIMARY KEY (message_id, part)
      );
    `);
  },
};

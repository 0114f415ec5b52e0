import { encodeRaw } from '../../mime/raw-codec.ts';
import { createSearchIndexer } from '../search-index.ts';
import { rethreadArchive } from '../threads-repo.ts';
import type { Migration } from './registry.ts';

/**
 * Full-text search and threads. The FTS5 index is contentless: the body text moves from message_text
 * (plain, which made the archive bigger than the mail itself) to message_body (compressed), and the index
 * keeps only tokens. unicode61 with diacritics removed makes "cafe" find "Café".
 */
export const search: Migration = {
  version: 2,
  name: 'search',
  up: (db) => {
    db.exec(`
      CREATE TABLE message_body (
        message_id INTEGER PRIMARY KEY REFERENCES messages (id),
        codec TEXT NOT NULL CHECK (codec IN ('none', 'deflate-raw')),
        data BLOB NOT NULL
      );
      CREATE VIRTUAL TABLE message_fts USING fts5 (
        subject, sender, to_addrs, cc_addrs, body, filenames,
        content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE INDEX messages_thread ON messages (thread_id);
      CREATE INDEX messages_date ON messages (date);
    `);
    const index = createSearchIndexer(db);
    const insertBody = db.prepare('INSERT INTO message_body (message_id, codec, data) VALUES (?, ?, ?)');
    const filenames = db.prepare('SELECT filename FROM attachments WHERE message_id = ?').pluck();
    const rows = db
      .prepare(
        `SELECT m.id, m.subject, m.from_addr, m.to_addrs, m.cc_addrs, t.body
         FROM messages m JOIN message_text t ON t.message_id = m.id`,
      )
      .all() as {
      id: number;
      subject: string | null;
      from_addr: string | null;
      to_addrs: string | null;
      cc_addrs: string | null;
      body: string;
    }[];
    for (const row of rows) {
      // Schema 2 allows only DEFLATE; migration 0004 widens that.
      const packed = encodeRaw(Buffer.from(row.body, 'utf8'), 'deflate-raw');
      insertBody.run(row.id, packed.codec, packed.data);
      index(row.id, {
        subject: row.subject,
        from: row.from_addr,
        to: row.to_addrs,
        cc: row.cc_addrs,
        body: row.body,
        filenames: filenames.all(row.id) as (string | null)[],
      });
    }
    db.exec('DROP TABLE message_text');
    rethreadArchive(db);
  },
};

import zlib from 'node:zlib';
import { segmentCjkV2 } from './frozen/segment-cjk-v2.ts';
import type { Migration } from './registry.ts';

/**
 * Full-text search and threads. The FTS5 index is contentless: the body text moves from message_text
 * (plain, which made the archive bigger than the mail itself) to message_body (compressed), and the index
 * keeps only tokens. unicode61 with diacritics removed makes "cafe" find "Café". Self-contained: what it
 * writes never changes with later code; threads are derived data, computed after migrating (`rethread`).
 */
export const search: Migration = {
  version: 2,
  name: 'search',
  rethread: true,
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
    const index = db.prepare(
      `INSERT INTO message_fts (rowid, subject, sender, to_addrs, cc_addrs, body, filenames)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
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
      // Schema 2 allows only DEFLATE (fastest level); text it cannot shrink by a tenth is kept as is.
      const text = Buffer.from(row.body, 'utf8');
      const packed = zlib.deflateRawSync(text, { level: 1 });
      const plain = packed.byteLength > text.byteLength * 0.9;
      insertBody.run(row.id, plain ? 'none' : 'deflate-raw', plain ? text : packed);
      const names = (filenames.all(row.id) as (string | null)[]).filter((f): f is string => f !== null);
      index.run(
        row.id,
        segmentCjkV2(row.subject ?? ''),
        segmentCjkV2(row.from_addr ?? ''),
        segmentCjkV2(row.to_addrs ?? ''),
        segmentCjkV2(row.cc_addrs ?? ''),
        segmentCjkV2(row.body),
        segmentCjkV2(names.join(' ')),
      );
    }
    db.exec('DROP TABLE message_text');
  },
};

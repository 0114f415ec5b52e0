import type Database from 'better-sqlite3';
import { segmentCjk } from '../text/cjk.ts';

export interface IndexedFields {
  subject: string | null;
  from: string | null;
  to: string | null;
  cc: string | null;
  /** text, or UTF-8 bytes already segmented (stored-content.ts), which FTS5 reads as text all the same */
  body: string | Uint8Array;
  filenames: (string | null)[];
}

/**
 * Adds messages to the full-text index. The index is contentless (it keeps tokens, not text): the body
 * text is read again from the raw message for the hits shown (search.ts), which is all a snippet needs.
 */
export function createSearchIndexer(
  db: Database.Database,
): (messageId: number, fields: IndexedFields) => void {
  const insert = db.prepare(
    `INSERT INTO message_fts (rowid, subject, sender, to_addrs, cc_addrs, body, filenames)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  return (messageId, fields) => {
    insert.run(
      messageId,
      segmentCjk(fields.subject ?? ''),
      segmentCjk(fields.from ?? ''),
      segmentCjk(fields.to ?? ''),
      segmentCjk(fields.cc ?? ''),
      typeof fields.body === 'string' ? segmentCjk(fields.body) : fields.body,
      segmentCjk(fields.filenames.filter((f): f is string => f !== null).join(' ')),
    );
  };
}

/**
 * FTS5 settings for a new archive (they are stored in the index itself and apply to segments written from
 * then on). Index pages as big as the database's, and merges of 16 segments instead of 4 at a time, so an
 * import that adds thousands of documents rewrites the index less often.
 * Neither changes what the index holds or how it is queried.
 */
export function tuneSearchIndex(db: Database.Database, pageSize: number): void {
  // FTS5's own default is 4050 for 4096-byte pages: room for the b-tree cell around each leaf.
  const pgsz = pageSize - 46;
  db.exec(`INSERT INTO message_fts (message_fts, rank) VALUES ('pgsz', ${pgsz})`);
  db.exec(`INSERT INTO message_fts (message_fts, rank) VALUES ('automerge', 16)`);
}

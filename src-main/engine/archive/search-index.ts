import type Database from 'better-sqlite3';
import { segmentCjk } from '../search/cjk.ts';

export interface IndexedFields {
  subject: string | null;
  from: string | null;
  to: string | null;
  cc: string | null;
  body: string;
  filenames: (string | null)[];
}

/**
 * Adds messages to the full-text index. The index is contentless (it keeps tokens, not text): the body
 * text is stored once, compressed, in message_body, and snippets are made only for the hits shown.
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
      segmentCjk(fields.body),
      segmentCjk(fields.filenames.filter((f): f is string => f !== null).join(' ')),
    );
  };
}

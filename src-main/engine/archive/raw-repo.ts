import type Database from 'better-sqlite3';
import type { RawCodec } from '../mime/parsed-message.ts';
import { decodeRaw } from '../mime/raw-codec.ts';

interface RawRow {
  id: number;
  sha256: Buffer;
  codec: RawCodec;
  data: Buffer;
}

export interface RawMessage {
  id: number;
  sha256: Buffer;
  raw: Buffer;
}

/**
 * Streams stored messages with their exact original bytes, one row at a time so memory stays flat.
 * `ids` limits the walk to those messages.
 */
export function* iterateRawMessages(db: Database.Database, ids?: Iterable<number>): Generator<RawMessage> {
  if (ids === undefined) {
    const rows = db
      .prepare(
        'SELECT m.id, m.sha256, r.codec, r.data FROM messages m JOIN message_raw r ON r.message_id = m.id ORDER BY m.id',
      )
      .iterate() as IterableIterator<RawRow>;
    for (const row of rows) yield { id: row.id, sha256: row.sha256, raw: decodeRaw(row) };
    return;
  }
  const one = db.prepare(
    'SELECT m.id, m.sha256, r.codec, r.data FROM messages m JOIN message_raw r ON r.message_id = m.id WHERE m.id = ?',
  );
  for (const id of ids) {
    const row = one.get(id) as RawRow | undefined;
    if (row) yield { id: row.id, sha256: row.sha256, raw: decodeRaw(row) };
  }
}

import type Database from 'better-sqlite3';
import type { RawCodec, StoredRaw } from '../mime/parsed-message.ts';
import { decodeRaw } from '../mime/raw-codec.ts';

/** A message_raw row: the packed message, or 'parts' with no bytes (they are in message_raw_parts). */
export interface RawRow {
  codec: RawCodec | 'parts';
  data: Buffer;
}

interface RawMessageRow extends RawRow {
  id: number;
  sha256: Buffer;
}

export interface RawMessage {
  id: number;
  sha256: Buffer;
  raw: Buffer;
}

/**
 * Turns message_raw rows into the exact original bytes, joining the parts of a message stored in parts
 * (migration 0005). Every reader of stored mail goes through here, so none can mistake a parted
 * message's empty row for its bytes.
 */
export function createRawDecoder(db: Database.Database): (messageId: number, row: RawRow) => Buffer {
  const parts = db.prepare('SELECT codec, data FROM message_raw_parts WHERE message_id = ? ORDER BY part');
  return (messageId, row) => {
    if (row.codec !== 'parts') return decodeRaw({ codec: row.codec, data: row.data });
    return decodeRaw({ codec: 'parts', parts: parts.all(messageId) as StoredRaw[] });
  };
}

/** The exact original bytes of one stored message, or null when there is no such message. */
export function createRawReader(db: Database.Database): (messageId: number) => Buffer | null {
  const row = db.prepare('SELECT codec, data FROM message_raw WHERE message_id = ?');
  const decode = createRawDecoder(db);
  return (messageId) => {
    const found = row.get(messageId) as RawRow | undefined;
    return found ? decode(messageId, found) : null;
  };
}

/**
 * Streams stored messages with their exact original bytes, one row at a time so memory stays flat.
 * `ids` limits the walk to those messages. The whole walk goes in id order, except that messages stored
 * in parts come at its end: their parts cannot be read while the walk's own query is still open.
 */
export function* iterateRawMessages(db: Database.Database, ids?: Iterable<number>): Generator<RawMessage> {
  const decode = createRawDecoder(db);
  const one = db.prepare(
    'SELECT m.id, m.sha256, r.codec, r.data FROM messages m JOIN message_raw r ON r.message_id = m.id WHERE m.id = ?',
  );
  const read = (id: number): RawMessage | null => {
    const row = one.get(id) as RawMessageRow | undefined;
    return row ? { id: row.id, sha256: row.sha256, raw: decode(row.id, row) } : null;
  };
  if (ids === undefined) {
    const rows = db
      .prepare(
        'SELECT m.id, m.sha256, r.codec, r.data FROM messages m JOIN message_raw r ON r.message_id = m.id ORDER BY m.id',
      )
      .iterate() as IterableIterator<RawMessageRow>;
    const parted: number[] = [];
    for (const row of rows) {
      if (row.codec === 'parts') parted.push(row.id);
      else yield { id: row.id, sha256: row.sha256, raw: decodeRaw({ codec: row.codec, data: row.data }) };
    }
    for (const id of parted) {
      const message = read(id);
      if (message) yield message;
    }
    return;
  }
  for (const id of ids) {
    const message = read(id);
    if (message) yield message;
  }
}

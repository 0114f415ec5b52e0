import type Database from 'better-sqlite3';
import type { StoredContent } from '../mime/stored-content.ts';
import { touchCheckpoint } from './folders-repo.ts';
import { createGmailRecorder, recordSyncedModseq, type GmailFacts } from './labels-repo.ts';
import { createSearchIndexer } from './search-index.ts';

export interface BatchItem {
  uid: number;
  /** null: the server sent no INTERNALDATE that could be right (imap/server-values.ts) */
  internalDate: number | null;
  flags: string[];
  sha256: Buffer;
  size: number;
  /** null when the hash was already in the archive before the batch was fetched (parse skipped) */
  content: StoredContent | null;
  /** Gmail's ids and labels of the message (X-GM-EXT-1 servers), recorded with it */
  gmail?: GmailFacts;
}

export interface BatchFailure {
  uid: number;
  code: string;
  message: string;
}

export interface Batch {
  runId: number | null;
  folderId: number;
  uidValidity: number;
  items: BatchItem[];
  failures: BatchFailure[];
  /** only new labels of messages the folder already holds (Gmail): its scan state does not change */
  labelsOnly?: boolean;
  /** Gmail: the folder's HIGHESTMODSEQ up to which its label changes are in this batch (decimal) */
  gmailModseq?: string;
}

/** How a batch's downloaded messages were stored (counts.ts: fetched = new + sameContent). */
export interface BatchResult {
  new: number;
  /** identical bytes were already archived: stored as one more membership of that message */
  sameContent: number;
  parseFailed: number;
  /** new messages stored with a fallback for the server's INTERNALDATE, and flagged */
  badInternalDates: number;
  /** thought archived at download time but gone when written: logged as failed, fetched again later */
  failed: number;
}

/** How `internal_date_error` begins: the server's INTERNALDATE could not be used. */
const BAD_INTERNAL_DATE = 'the server sent no usable INTERNALDATE';

/**
 * Writes one batch — messages, memberships, errors and the folder checkpoint — in a single transaction,
 * so a crash at any moment loses at most this batch and never leaves a message without its membership.
 */
export function createBatchWriter(db: Database.Database): (batch: Batch) => BatchResult {
  const findBySha = db.prepare('SELECT id, internal_date FROM messages WHERE sha256 = ?');
  const insertMessage = db.prepare(
    `INSERT INTO messages (sha256, size, message_id, in_reply_to, refs, subject, from_addr, to_addrs, cc_addrs,
       date, date_source, internal_date, internal_date_error, has_attachments, parse_error, added_at)
     VALUES (@sha256, @size, @messageId, @inReplyTo, @refs, @subject, @from, @to, @cc,
       @date, @dateSource, @internalDate, @internalDateError, @hasAttachments, @parseError, @now)`,
  );
  const insertRaw = db.prepare('INSERT INTO message_raw (message_id, codec, data) VALUES (?, ?, ?)');
  const insertPart = db.prepare(
    'INSERT INTO message_raw_parts (message_id, part, codec, data) VALUES (?, ?, ?, ?)',
  );
  const NO_BYTES = Buffer.alloc(0);
  const index = createSearchIndexer(db);
  const insertAttachment = db.prepare(
    'INSERT INTO attachments (message_id, filename, content_type, size) VALUES (?, ?, ?, ?)',
  );
  const insertMembership = db.prepare(
    `INSERT OR IGNORE INTO memberships (folder_id, uid_validity, uid, message_id, internal_date, flags, seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const recordGmail = createGmailRecorder(db);
  const accountOf = db.prepare('SELECT account_id FROM folders WHERE id = ?').pluck();
  const clearError = db.prepare(
    'DELETE FROM message_errors WHERE folder_id = ? AND uid_validity = ? AND uid = ?',
  );
  const recordError = db.prepare(
    `INSERT INTO message_errors (run_id, folder_id, uid_validity, uid, code, message, attempts, at)
     VALUES (?, ?, ?, ?, ?, ?, 1, ?)
     ON CONFLICT (folder_id, uid_validity, uid) DO UPDATE SET
       run_id = excluded.run_id, code = excluded.code, message = excluded.message,
       attempts = attempts + 1, at = excluded.at`,
  );

  const storeNew = (item: BatchItem, now: number): { id: number; internalDate: number } | null => {
    if (!item.content) return null;
    const { parsed, raw, searchBody } = item.content;
    const dateFromHeader = parsed.dateHeader !== null;
    // No usable INTERNALDATE: the Date header stands in, else the time of import, and the row says so.
    const internalDate = item.internalDate ?? parsed.dateHeader ?? now;
    const internalDateError =
      item.internalDate !== null
        ? null
        : `${BAD_INTERNAL_DATE}; ${dateFromHeader ? 'the Date header' : 'the time of import'} is used instead`;
    const id = Number(
      insertMessage.run({
        sha256: item.sha256,
        size: item.size,
        messageId: parsed.messageId,
        inReplyTo: parsed.inReplyTo,
        refs: parsed.references.length > 0 ? parsed.references.join(' ') : null,
        subject: parsed.subject,
        from: parsed.from,
        to: parsed.to,
        cc: parsed.cc,
        // An unparseable Date header falls back to INTERNALDATE, never to "now".
        date: parsed.dateHeader ?? internalDate,
        dateSource: dateFromHeader ? 'header' : 'internal',
        internalDate,
        internalDateError,
        hasAttachments: parsed.attachments.length > 0 ? 1 : 0,
        parseError: parsed.parseError,
        now,
      }).lastInsertRowid,
    );
    if (raw.codec === 'parts') {
      // One statement per part: SQLite copies each value twice while inserting it (see raw-codec.ts).
      insertRaw.run(id, 'parts', NO_BYTES);
      raw.parts.forEach((part, i) => insertPart.run(id, i, part.codec, part.data));
    } else insertRaw.run(id, raw.codec, raw.data);
    index(id, {
      subject: parsed.subject,
      from: parsed.from,
      to: parsed.to,
      cc: parsed.cc,
      body: searchBody,
      filenames: parsed.attachments.map((a) => a.filename),
    });
    for (const a of parsed.attachments) insertAttachment.run(id, a.filename, a.contentType, a.size);
    return { id, internalDate };
  };

  const writeBatch = db.transaction((batch: Batch): BatchResult => {
    const now = Date.now();
    const result: BatchResult = { new: 0, sameContent: 0, parseFailed: 0, badInternalDates: 0, failed: 0 };
    const accountId = batch.items.some((i) => i.gmail) ? (accountOf.get(batch.folderId) as number) : 0;
    for (const item of batch.items) {
      const known = findBySha.get(item.sha256) as { id: number; internal_date: number } | undefined;
      let messageId: number;
      // A membership without a usable INTERNALDATE takes its message's (itself perhaps a fallback).
      let internalDate = item.internalDate ?? known?.internal_date ?? now;
      if (known === undefined) {
        const stored = storeNew(item, now);
        if (stored === null) {
          // Known at fetch time but gone now: only possible if something else deleted it. Record, don't lose.
          recordError.run(
            batch.runId,
            batch.folderId,
            batch.uidValidity,
            item.uid,
            'missing-content',
            'The message was thought archived but is not; it will be fetched again.',
            now,
          );
          result.failed += 1;
          continue;
        }
        ({ id: messageId, internalDate } = stored);
        result.new += 1;
        if (item.content?.parsed.parseError) result.parseFailed += 1;
        if (item.internalDate === null) result.badInternalDates += 1;
      } else {
        messageId = known.id;
        result.sameContent += 1;
      }
      insertMembership.run(
        batch.folderId,
        batch.uidValidity,
        item.uid,
        messageId,
        internalDate,
        item.flags.join(' '),
        now,
      );
      if (item.gmail) recordGmail(accountId, messageId, item.gmail);
      clearError.run(batch.folderId, batch.uidValidity, item.uid);
    }
    for (const failure of batch.failures) {
      recordError.run(
        batch.runId,
        batch.folderId,
        batch.uidValidity,
        failure.uid,
        failure.code,
        failure.message,
        now,
      );
    }
    if (batch.gmailModseq !== undefined) {
      recordSyncedModseq(db, batch.folderId, batch.uidValidity, BigInt(batch.gmailModseq));
    }
    if (batch.labelsOnly !== true) touchCheckpoint(db, batch.folderId, batch.uidValidity);
    return result;
  });
  // BEGIN IMMEDIATE stays although one writer makes an import's writes: another process (a CLI import beside
  // the app) may still write the file. A deferred transaction that reads (findBySha) and whose snapshot
  // another connection committed past fails at its first write without waiting (SQLITE_BUSY_SNAPSHOT); an
  // immediate one takes the write lock up front and waits its turn (busy_timeout).
  return (batch) => writeBatch.immediate(batch);
}

/** Whether these bytes are already stored (so the parse can be skipped). */
export function createShaLookup(db: Database.Database): (sha256: Buffer) => boolean {
  const stmt = db.prepare('SELECT 1 FROM messages WHERE sha256 = ?').pluck();
  return (sha256) => stmt.get(sha256) !== undefined;
}

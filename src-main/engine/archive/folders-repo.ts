import type Database from 'better-sqlite3';
import type { DateRange } from '../../../src-shared/domain.ts';

export interface Checkpoint {
  folderId: number;
  uidValidity: number;
  complete: boolean;
  uidNext: number | null;
  serverMessages: number | null;
  range: DateRange;
  inRange: number | null;
  batchesDone: number;
  updatedAt: number;
  /** CONDSTORE HIGHESTMODSEQ as of the last complete scan, up to which flags are archived */
  highestModseq: bigint | null;
}

interface CheckpointRow {
  folder_id: number;
  uid_validity: number;
  complete: number;
  uid_next: number | null;
  server_messages: number | null;
  range_since: string | null;
  range_before: string | null;
  in_range: number | null;
  batches_done: number;
  updated_at: number;
  highest_modseq: string | null;
}

/** The folder's id, creating the row on first sight. */
export function ensureFolder(
  db: Database.Database,
  accountId: number,
  folder: { path: string; delimiter: string; specialUse: string | null },
): number {
  db.prepare(
    `INSERT INTO folders (account_id, path, delimiter, special_use) VALUES (?, ?, ?, ?)
     ON CONFLICT (account_id, path) DO UPDATE SET delimiter = excluded.delimiter, special_use = excluded.special_use`,
  ).run(accountId, folder.path, folder.delimiter, folder.specialUse);
  return findFolderId(db, accountId, folder.path) as number;
}

/** ensureFolder for each folder, in one transaction; returns their ids by path. */
export function ensureFolders(
  db: Database.Database,
  accountId: number,
  folders: readonly { path: string; delimiter: string; specialUse: string | null }[],
): Map<string, number> {
  return db.transaction(() => new Map(folders.map((f) => [f.path, ensureFolder(db, accountId, f)])))();
}

export function findFolderId(db: Database.Database, accountId: number, path: string): number | null {
  const row = db.prepare('SELECT id FROM folders WHERE account_id = ? AND path = ?').get(accountId, path) as
    { id: number } | undefined;
  return row?.id ?? null;
}

export function getCheckpoint(
  db: Database.Database,
  folderId: number,
  uidValidity: number,
): Checkpoint | null {
  const row = db
    .prepare('SELECT * FROM folder_checkpoints WHERE folder_id = ? AND uid_validity = ?')
    .get(folderId, uidValidity) as CheckpointRow | undefined;
  return row ? toCheckpoint(row) : null;
}

/** The checkpoint of the folder's most recent UIDVALIDITY, to notice that it changed. */
export function latestCheckpoint(db: Database.Database, folderId: number): Checkpoint | null {
  const row = db
    .prepare(
      'SELECT * FROM folder_checkpoints WHERE folder_id = ? ORDER BY updated_at DESC, rowid DESC LIMIT 1',
    )
    .get(folderId) as CheckpointRow | undefined;
  return row ? toCheckpoint(row) : null;
}

function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    folderId: row.folder_id,
    uidValidity: row.uid_validity,
    complete: row.complete === 1,
    uidNext: row.uid_next,
    serverMessages: row.server_messages,
    range: { since: row.range_since, before: row.range_before },
    inRange: row.in_range,
    batchesDone: row.batches_done,
    updatedAt: row.updated_at,
    highestModseq: row.highest_modseq === null ? null : BigInt(row.highest_modseq),
  };
}

/** Marks a batch done; called inside the batch's transaction. */
export function touchCheckpoint(db: Database.Database, folderId: number, uidValidity: number): void {
  db.prepare(
    `INSERT INTO folder_checkpoints (folder_id, uid_validity, complete, batches_done, updated_at)
     VALUES (?, ?, 0, 1, ?)
     ON CONFLICT (folder_id, uid_validity) DO UPDATE SET
       complete = 0, batches_done = batches_done + 1, updated_at = excluded.updated_at`,
  ).run(folderId, uidValidity, Date.now());
}

/** Records a scan that saw every message of the range, so a later run can skip or top up. */
export function completeCheckpoint(
  db: Database.Database,
  checkpoint: {
    folderId: number;
    uidValidity: number;
    uidNext: number | null;
    serverMessages: number | null;
    range: DateRange;
    inRange: number;
    /** HIGHESTMODSEQ when the folder was selected, before its flags were read; null without CONDSTORE */
    highestModseq: bigint | null;
  },
): void {
  db.prepare(
    `INSERT INTO folder_checkpoints
       (folder_id, uid_validity, complete, uid_next, server_messages, range_since, range_before, in_range,
        highest_modseq, updated_at)
     VALUES (@folderId, @uidValidity, 1, @uidNext, @serverMessages, @since, @before, @inRange, @modseq, @now)
     ON CONFLICT (folder_id, uid_validity) DO UPDATE SET
       complete = 1, uid_next = excluded.uid_next, server_messages = excluded.server_messages,
       range_since = excluded.range_since, range_before = excluded.range_before,
       in_range = excluded.in_range, highest_modseq = excluded.highest_modseq, updated_at = excluded.updated_at`,
  ).run({
    folderId: checkpoint.folderId,
    uidValidity: checkpoint.uidValidity,
    uidNext: checkpoint.uidNext,
    serverMessages: checkpoint.serverMessages,
    since: checkpoint.range.since,
    before: checkpoint.range.before,
    inRange: checkpoint.inRange,
    modseq: checkpoint.highestModseq === null ? null : checkpoint.highestModseq.toString(),
    now: Date.now(),
  });
}

/** UIDs of this folder and UIDVALIDITY that are already in the archive. */
export function archivedUids(db: Database.Database, folderId: number, uidValidity: number): Set<number> {
  const rows = db
    .prepare('SELECT uid FROM memberships WHERE folder_id = ? AND uid_validity = ?')
    .pluck()
    .all(folderId, uidValidity) as number[];
  return new Set(rows);
}

/** UIDs on which the MIME parser thread failed before (so the next attempt stores them raw). */
export function parserFailures(db: Database.Database, folderId: number, uidValidity: number): Set<number> {
  const rows = db
    .prepare(
      "SELECT uid FROM message_errors WHERE folder_id = ? AND uid_validity = ? AND code = 'parse-worker'",
    )
    .pluck()
    .all(folderId, uidValidity) as number[];
  return new Set(rows);
}

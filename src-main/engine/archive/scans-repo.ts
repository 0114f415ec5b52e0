import type Database from 'better-sqlite3';
import type {
  DateRange,
  FolderCompleteness,
  MessageErrorEntry,
  MissingCause,
} from '../../../src-shared/domain.ts';
import { parseUidSet, toUidSet } from '../imap/uid-set.ts';
import { archivedUids } from './folders-repo.ts';
import { markDeletedOnServer, updateFlags, type FlagChange } from './topup-repo.ts';

export interface ScanRecord {
  folderId: number;
  uidValidity: number;
  range: DateRange;
  inRange: number[];
  filtered: number[];
  /** a top-up's news of archived messages: flags changed since the last scan, UIDs gone from the server */
  topUp?: { flags: FlagChange[]; deleted: number[] };
}

/**
 * Remembers which UIDs a run found in range in a folder, and which of them it left out on purpose
 * (--max-messages), so completeness can be answered UID by UID later without asking the server.
 */
export function recordScan(db: Database.Database, scan: ScanRecord): void {
  db.transaction(() => {
    writeScan(db, scan);
    if (!scan.topUp) return;
    const at = { folderId: scan.folderId, uidValidity: scan.uidValidity };
    updateFlags(db, at, scan.topUp.flags);
    markDeletedOnServer(db, at, scan.topUp.deleted, Date.now());
  })();
}

function writeScan(db: Database.Database, scan: ScanRecord): void {
  db.prepare(
    `INSERT INTO folder_scans (folder_id, uid_validity, range_since, range_before, in_range, filtered, scanned_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (folder_id) DO UPDATE SET uid_validity = excluded.uid_validity,
       range_since = excluded.range_since, range_before = excluded.range_before,
       in_range = excluded.in_range, filtered = excluded.filtered, scanned_at = excluded.scanned_at`,
  ).run(
    scan.folderId,
    scan.uidValidity,
    scan.range.since,
    scan.range.before,
    toUidSet(scan.inRange),
    toUidSet(scan.filtered),
    Date.now(),
  );
}

interface ScanRow {
  folder_id: number;
  path: string;
  uid_validity: number | null;
  in_range: string | null;
  filtered: string | null;
}

/** Per folder: on the server in the last scan's range vs archived, and every missing UID with its cause. */
export function completeness(db: Database.Database, accountId: number): FolderCompleteness[] {
  const rows = db
    .prepare(
      `SELECT f.id AS folder_id, f.path, s.uid_validity, s.in_range, s.filtered
       FROM folders f LEFT JOIN folder_scans s ON s.folder_id = f.id
       WHERE f.account_id = ? ORDER BY f.path`,
    )
    .all(accountId) as ScanRow[];
  const errorsOf = db.prepare(
    'SELECT uid, code FROM message_errors WHERE folder_id = ? AND uid_validity = ?',
  );
  return rows.map((row): FolderCompleteness => {
    if (row.uid_validity === null || row.in_range === null) {
      return { path: row.path, uidValidity: null, onServer: null, archived: 0, missing: [] };
    }
    const inRange = parseUidSet(row.in_range);
    const archived = archivedUids(db, row.folder_id, row.uid_validity);
    const filtered = new Set(parseUidSet(row.filtered ?? ''));
    const errors = new Map(
      (errorsOf.all(row.folder_id, row.uid_validity) as { uid: number; code: string }[]).map((e) => [
        e.uid,
        e.code,
      ]),
    );
    const missing = inRange
      .filter((uid) => !archived.has(uid))
      .map((uid) => ({ uid, cause: causeOf(uid, errors, filtered) }));
    return {
      path: row.path,
      uidValidity: row.uid_validity,
      onServer: inRange.length,
      archived: inRange.length - missing.length,
      missing,
    };
  });
}

function causeOf(uid: number, errors: Map<number, string>, filtered: Set<number>): MissingCause {
  const code = errors.get(uid);
  if (code === 'vanished') return 'vanished';
  if (code !== undefined) return 'failed';
  return filtered.has(uid) ? 'filtered' : 'pending';
}

/**
 * The error log, newest first: every message the import could not archive, and every folder (or part of
 * one) it left out because of a value from the server (uid and uidValidity null).
 */
export function listMessageErrors(db: Database.Database, accountId: number): MessageErrorEntry[] {
  const rows = db
    .prepare(
      `SELECT a.name AS account, f.path AS folder, e.uid_validity, e.uid, e.code, e.message, e.attempts,
         e.at AS at, e.id AS id, 0 AS whole_folder
       FROM message_errors e JOIN folders f ON f.id = e.folder_id JOIN accounts a ON a.id = f.account_id
       WHERE f.account_id = @accountId
       UNION ALL
       SELECT a.name, f.path, NULL, NULL, e.code, e.message, e.attempts, e.at, e.id, 1
       FROM folder_errors e JOIN folders f ON f.id = e.folder_id JOIN accounts a ON a.id = f.account_id
       WHERE f.account_id = @accountId
       ORDER BY at DESC, whole_folder DESC, id DESC`,
    )
    .all({ accountId }) as (Omit<MessageErrorEntry, 'uidValidity'> & {
    uid_validity: number | null;
    id: number;
    whole_folder: number;
  })[];
  return rows.map(({ uid_validity, id: _id, whole_folder: _whole, ...rest }) => ({
    ...rest,
    uidValidity: uid_validity,
  }));
}

/** UIDs to fetch again for `--retry-failed`: failures under the folder's current UIDVALIDITY, not vanished. */
export function failedUids(db: Database.Database, folderId: number, uidValidity: number): number[] {
  return db
    .prepare(
      "SELECT uid FROM message_errors WHERE folder_id = ? AND uid_validity = ? AND code <> 'vanished' ORDER BY uid",
    )
    .pluck()
    .all(folderId, uidValidity) as number[];
}

/** Bytes downloaded for the account on a UTC day (YYYY-MM-DD), for daily budgets across restarts. */
export function downloadedOn(db: Database.Database, accountId: number, day: string): number {
  const bytes = db
    .prepare('SELECT bytes FROM download_days WHERE account_id = ? AND day = ?')
    .pluck()
    .get(accountId, day) as number | undefined;
  return bytes ?? 0;
}

export function addDownloaded(db: Database.Database, accountId: number, day: string, bytes: number): void {
  db.prepare(
    `INSERT INTO download_days (account_id, day, bytes) VALUES (?, ?, ?)
     ON CONFLICT (account_id, day) DO UPDATE SET bytes = bytes + excluded.bytes`,
  ).run(accountId, day, bytes);
}

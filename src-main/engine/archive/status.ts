import type Database from 'better-sqlite3';
import type { StoredAccount } from './accounts-repo.ts';
import { folderErrors, type FolderError } from './folder-errors-repo.ts';
import { lastRun, type RunRecord } from './runs-repo.ts';
import { completeness } from './scans-repo.ts';
import { deletedOnServerCount } from './topup-repo.ts';
import type { MissingCause } from '../../../src-shared/domain.ts';

export interface FolderStatus {
  path: string;
  specialUse: string | null;
  uidValidity: number | null;
  /** the last scan saw every message of its range */
  complete: boolean;
  /** messages on the server in the range of the last complete scan */
  onServer: number | null;
  /** memberships archived under the current UIDVALIDITY */
  archived: number;
  checkpointAt: string | null;
  errors: { code: string; count: number }[];
  /** entries of the error log about the folder itself, e.g. skipped for a UIDVALIDITY the server got wrong */
  folderErrors: FolderError[];
  /** archived messages whose INTERNALDATE is a fallback, flagged because the server's was unusable */
  badInternalDates: number;
  /** archived messages a later run found deleted on the server: kept, and still searchable */
  deletedOnServer: number;
  /** every UID of the last scan's range that is not archived, with why ("did it get everything?") */
  missing: { uid: number; cause: MissingCause }[];
}

export interface AccountStatus {
  account: string;
  lastRun: RunRecord | null;
  folders: FolderStatus[];
}

interface FolderRow {
  id: number;
  path: string;
  special_use: string | null;
  uid_validity: number | null;
  complete: number | null;
  in_range: number | null;
  updated_at: number | null;
}

/** What the archive knows per folder, without asking the server. */
export function accountStatus(db: Database.Database, account: StoredAccount): AccountStatus {
  const folders = db
    .prepare(
      `SELECT f.id, f.path, f.special_use, c.uid_validity, c.complete, c.in_range, c.updated_at
       FROM folders f LEFT JOIN folder_checkpoints c ON c.rowid = (
         SELECT rowid FROM folder_checkpoints WHERE folder_id = f.id ORDER BY updated_at DESC, rowid DESC LIMIT 1)
       WHERE f.account_id = ? ORDER BY f.path`,
    )
    .all(account.id) as FolderRow[];
  const archived = db
    .prepare('SELECT count(*) FROM memberships WHERE folder_id = ? AND uid_validity = ?')
    .pluck();
  const errors = db.prepare(
    'SELECT code, count(*) AS count FROM message_errors WHERE folder_id = ? AND uid_validity = ? GROUP BY code ORDER BY code',
  );
  const badDates = db
    .prepare(
      `SELECT count(*) FROM messages m WHERE m.internal_date_error IS NOT NULL
       AND EXISTS (SELECT 1 FROM memberships ms WHERE ms.message_id = m.id AND ms.folder_id = ?)`,
    )
    .pluck();
  const scans = new Map(completeness(db, account.id).map((c) => [c.path, c]));
  return {
    account: account.name,
    lastRun: lastRun(db, account.id),
    folders: folders.map((row) => {
      const scan = scans.get(row.path);
      // With a scan on record, counts are UID by UID within its range; without, the checkpoint's totals.
      const scanned = scan !== undefined && scan.uidValidity !== null;
      return {
        path: row.path,
        specialUse: row.special_use,
        uidValidity: scanned ? scan.uidValidity : row.uid_validity,
        complete: row.complete === 1,
        onServer: scanned ? scan.onServer : row.in_range,
        archived: scanned
          ? scan.archived
          : row.uid_validity === null
            ? 0
            : (archived.get(row.id, row.uid_validity) as number),
        missing: scanned ? scan.missing : [],
        checkpointAt: row.updated_at === null ? null : new Date(row.updated_at).toISOString(),
        errors:
          row.uid_validity === null
            ? []
            : (errors.all(row.id, row.uid_validity) as { code: string; count: number }[]),
        folderErrors: folderErrors(db, row.id),
        badInternalDates: badDates.get(row.id) as number,
        deletedOnServer: deletedOnServerCount(db, row.id),
      };
    }),
  };
}

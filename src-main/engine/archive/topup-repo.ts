import type Database from 'better-sqlite3';
import type { FlagChange } from '../imap/condstore.ts';
import { parseUidSet } from '../imap/uid-set.ts';

export type { FlagChange } from '../imap/condstore.ts';

/** Replaces the stored flags of archived messages; UIDs not archived are left alone. */
export function updateFlags(
  db: Database.Database,
  at: { folderId: number; uidValidity: number },
  changes: readonly FlagChange[],
): number {
  const update = db.prepare(
    'UPDATE memberships SET flags = ? WHERE folder_id = ? AND uid_validity = ? AND uid = ? AND flags <> ?',
  );
  let changed = 0;
  for (const { uid, flags } of changes) {
    const joined = flags.join(' ');
    changed += update.run(joined, at.folderId, at.uidValidity, uid, joined).changes;
  }
  return changed;
}

/**
 * Marks archived messages as deleted on the server: the archive keeps them (and their search entries),
 * and says since when they are gone. A UID already marked keeps its first date.
 */
export function markDeletedOnServer(
  db: Database.Database,
  at: { folderId: number; uidValidity: number },
  uids: readonly number[],
  when: number,
): number {
  const mark = db.prepare(
    `UPDATE memberships SET deleted_at = ?
     WHERE folder_id = ? AND uid_validity = ? AND uid = ? AND deleted_at IS NULL`,
  );
  let marked = 0;
  for (const uid of uids) marked += mark.run(when, at.folderId, at.uidValidity, uid).changes;
  return marked;
}

/** Archived UIDs of the folder that the server still had at the last look (not deleted on server). */
export function liveArchivedUids(db: Database.Database, folderId: number, uidValidity: number): number[] {
  return db
    .prepare(
      'SELECT uid FROM memberships WHERE folder_id = ? AND uid_validity = ? AND deleted_at IS NULL ORDER BY uid',
    )
    .pluck()
    .all(folderId, uidValidity) as number[];
}

/** Messages of the folder archived but deleted on the server since. */
export function deletedOnServerCount(db: Database.Database, folderId: number): number {
  return db
    .prepare('SELECT count(*) FROM memberships WHERE folder_id = ? AND deleted_at IS NOT NULL')
    .pluck()
    .get(folderId) as number;
}

/** The UIDs the folder's last scan found in range, when that scan was under this UIDVALIDITY. */
export function lastScannedUids(
  db: Database.Database,
  folderId: number,
  uidValidity: number,
): number[] | null {
  const row = db
    .prepare('SELECT in_range FROM folder_scans WHERE folder_id = ? AND uid_validity = ?')
    .get(folderId, uidValidity) as { in_range: string | null } | undefined;
  return row?.in_range == null ? null : parseUidSet(row.in_range);
}

import type Database from 'better-sqlite3';
import { removeAccount, type StoredAccount } from './accounts-repo.ts';
import { forgetGmailFacts } from './labels-repo.ts';
import { rethreadArchive } from './threads-repo.ts';

/**
 * Removes an account and the mail only it holds, in one transaction: its memberships, then every message
 * no other account's folder still holds, with its raw bytes, body text, attachments and index entry.
 * Mail another account also holds stays whole. Returns the account and how many messages were deleted.
 */
export function removeAccountWithMail(
  db: Database.Database,
  name: string,
): { account: StoredAccount; removedMessages: number } {
  return db.transaction(() => {
    const account = removeAccount(db, name);
    const doomed = db
      .prepare(
        `SELECT DISTINCT ms.message_id FROM memberships ms JOIN folders f ON f.id = ms.folder_id
         WHERE f.account_id = ? AND NOT EXISTS (
           SELECT 1 FROM memberships o JOIN folders of ON of.id = o.folder_id
           WHERE o.message_id = ms.message_id AND of.account_id <> ?)`,
      )
      .pluck()
      .all(account.id, account.id) as number[];
    const folders = 'SELECT id FROM folders WHERE account_id = ?';
    db.prepare(`DELETE FROM memberships WHERE folder_id IN (${folders})`).run(account.id);
    // Checkpoints and scans would claim UIDs are archived, or were seen, that no longer are.
    db.prepare(`DELETE FROM folder_checkpoints WHERE folder_id IN (${folders})`).run(account.id);
    db.prepare(`DELETE FROM folder_scans WHERE folder_id IN (${folders})`).run(account.id);
    forgetGmailFacts(db, account.id);
    const deletes = [
      'DELETE FROM message_fts WHERE rowid = ?',
      'DELETE FROM attachments WHERE message_id = ?',
      'DELETE FROM message_body WHERE message_id = ?',
      'DELETE FROM message_raw_parts WHERE message_id = ?',
      'DELETE FROM message_raw WHERE message_id = ?',
      'DELETE FROM messages WHERE id = ?',
    ].map((sql) => db.prepare(sql));
    for (const id of doomed) for (const statement of deletes) statement.run(id);
    // A thread's id is its smallest message id, which may just have gone.
    if (doomed.length > 0) rethreadArchive(db);
    return { account, removedMessages: doomed.length };
  })();
}

import type Database from 'better-sqlite3';

/** What Gmail says about one message of an account (X-GM-EXT-1). */
export interface GmailFacts {
  /** X-GM-MSGID, decimal */
  gmMsgId: string;
  /** X-GM-THRID, decimal; null when the server did not send it */
  gmThrId: string | null;
  /** X-GM-LABELS decoded to UTF-8 (`\Inbox`, `\Sent`… for system labels) */
  labels: readonly string[];
}

/**
 * The form of a label that `label:` compares: without case, accents or the backslash of a system label,
 * so label:buro finds "Büro" and label:inbox finds `\Inbox`, as Gmail's own search does.
 */
export function labelKey(label: string): string {
  return label.normalize('NFKD').replace(/\p{M}/gu, '').replace(/^\\/, '').toLowerCase();
}

/**
 * Records Gmail's ids and labels of stored messages; a message's labels are replaced by the set given,
 * so a label removed in Gmail goes here too. Runs inside the caller's transaction.
 */
export function createGmailRecorder(
  db: Database.Database,
): (accountId: number, messageId: number, facts: GmailFacts) => void {
  const upsertId = db.prepare(
    `INSERT INTO gmail_ids (account_id, gm_msgid, message_id, gm_thrid) VALUES (?, ?, ?, ?)
     ON CONFLICT (account_id, gm_msgid) DO UPDATE SET
       message_id = excluded.message_id, gm_thrid = coalesce(excluded.gm_thrid, gm_thrid)`,
  );
  const clearLabels = db.prepare('DELETE FROM message_labels WHERE message_id = ? AND account_id = ?');
  const addLabel = db.prepare(
    'INSERT OR IGNORE INTO message_labels (message_id, account_id, label, label_key) VALUES (?, ?, ?, ?)',
  );
  return (accountId, messageId, facts) => {
    upsertId.run(accountId, facts.gmMsgId, messageId, facts.gmThrId);
    clearLabels.run(messageId, accountId);
    for (const label of facts.labels) addLabel.run(messageId, accountId, label, labelKey(label));
  };
}

/** Adds labels to a stored message without removing others (a label folder read on its own). */
export function addLabels(
  db: Database.Database,
  accountId: number,
  messageId: number,
  labels: string[],
): void {
  const add = db.prepare(
    'INSERT OR IGNORE INTO message_labels (message_id, account_id, label, label_key) VALUES (?, ?, ?, ?)',
  );
  for (const label of labels) add.run(messageId, accountId, label, labelKey(label));
}

/** The archived message of an account's X-GM-MSGID, if any: what an import checks before fetching a body. */
export function createGmailLookup(
  db: Database.Database,
  accountId: number,
): (gmMsgId: string) => number | undefined {
  const find = db.prepare('SELECT message_id FROM gmail_ids WHERE account_id = ? AND gm_msgid = ?').pluck();
  return (gmMsgId) => find.get(accountId, gmMsgId) as number | undefined;
}

/** The SHA-256 of a stored message (how a batch names a message it adds a folder or labels to). */
export function createShaOfMessage(db: Database.Database): (messageId: number) => Buffer | undefined {
  const find = db.prepare('SELECT sha256 FROM messages WHERE id = ?').pluck();
  return (messageId) => find.get(messageId) as Buffer | undefined;
}

/** The stored message under a folder's UID, if archived. */
export function createMemberLookup(
  db: Database.Database,
): (folderId: number, uidValidity: number, uid: number) => number | undefined {
  const find = db
    .prepare('SELECT message_id FROM memberships WHERE folder_id = ? AND uid_validity = ? AND uid = ?')
    .pluck();
  return (folderId, uidValidity, uid) => find.get(folderId, uidValidity, uid) as number | undefined;
}

/** Labels (sorted, every account's) and the smallest X-GM-MSGID of each message asked for. */
export function gmailFactsOf(
  db: Database.Database,
  messageIds: readonly number[],
): Map<number, { labels: string[]; gmMsgId: string | null }> {
  const result = new Map<number, { labels: string[]; gmMsgId: string | null }>();
  if (messageIds.length === 0) return result;
  const ids = JSON.stringify(messageIds);
  for (const id of messageIds) result.set(id, { labels: [], gmMsgId: null });
  const labels = db
    .prepare(
      `SELECT DISTINCT message_id, label FROM message_labels
       WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY message_id, label`,
    )
    .all(ids) as { message_id: number; label: string }[];
  for (const row of labels) result.get(row.message_id)?.labels.push(row.label);
  const gm = db
    .prepare(
      `SELECT message_id, gm_msgid FROM gmail_ids WHERE message_id IN (SELECT value FROM json_each(?))
       ORDER BY length(gm_msgid), gm_msgid`,
    )
    .all(ids) as { message_id: number; gm_msgid: string }[];
  for (const row of gm) {
    const facts = result.get(row.message_id);
    if (facts && facts.gmMsgId === null) facts.gmMsgId = row.gm_msgid;
  }
  return result;
}

/** Removes an account's Gmail ids and labels (before its messages can be deleted). */
export function forgetGmailFacts(db: Database.Database, accountId: number): void {
  db.prepare('DELETE FROM gmail_ids WHERE account_id = ?').run(accountId);
  db.prepare('DELETE FROM message_labels WHERE account_id = ?').run(accountId);
  db.prepare('DELETE FROM gmail_sync WHERE folder_id IN (SELECT id FROM folders WHERE account_id = ?)').run(
    accountId,
  );
}

/** The folder's HIGHESTMODSEQ as of the last run that read its labels, or null. */
export function syncedModseq(db: Database.Database, folderId: number, uidValidity: number): bigint | null {
  const value = db
    .prepare('SELECT highest_modseq FROM gmail_sync WHERE folder_id = ? AND uid_validity = ?')
    .pluck()
    .get(folderId, uidValidity) as string | undefined;
  return value === undefined ? null : BigInt(value);
}

/** Records the HIGHESTMODSEQ up to which the folder's label changes are archived. */
export function recordSyncedModseq(
  db: Database.Database,
  folderId: number,
  uidValidity: number,
  modseq: bigint,
): void {
  db.prepare(
    `INSERT INTO gmail_sync (folder_id, uid_validity, highest_modseq) VALUES (?, ?, ?)
     ON CONFLICT (folder_id, uid_validity) DO UPDATE SET highest_modseq = excluded.highest_modseq`,
  ).run(folderId, uidValidity, modseq.toString());
}

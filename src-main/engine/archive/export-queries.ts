import type Database from 'better-sqlite3';

/** The date (epoch ms) and From of a message, for an export's file names and mbox envelopes. */
export function createEnvelopeLookup(
  db: Database.Database,
): (messageId: number) => { date: number; from_addr: string | null } | undefined {
  const stmt = db.prepare('SELECT date, from_addr FROM messages WHERE id = ?');
  return (messageId) => stmt.get(messageId) as { date: number; from_addr: string | null } | undefined;
}

/** Message ids to export, oldest first: all, or those in a folder path (of any account). */
export function selectMessageIds(db: Database.Database, filter: { folder?: string }): number[] {
  if (filter.folder === undefined) {
    return db.prepare('SELECT id FROM messages ORDER BY date, id').pluck().all() as number[];
  }
  return db
    .prepare(
      `SELECT DISTINCT m.id FROM messages m JOIN memberships ms ON ms.message_id = m.id
       JOIN folders f ON f.id = ms.folder_id WHERE f.path = ? ORDER BY m.date, m.id`,
    )
    .pluck()
    .all(filter.folder) as number[];
}

import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { LATEST_VERSION } from './migrations/registry.ts';
import { iterateRawMessages } from './raw-repo.ts';

export interface VerifyReport {
  ok: boolean;
  schemaVersion: number;
  messages: number;
  /** ids whose stored bytes no longer hash to their identity */
  hashMismatches: number[];
  /** messages without raw bytes, body text or any folder membership */
  orphans: number[];
  /** whether the full-text index holds exactly one row per message: 'ok', or what is wrong */
  searchIndex: string;
  integrity: string[];
  foreignKeyViolations: number;
}

/** Re-hashes every stored message and checks the database's integrity, schema and references. */
export function verifyArchive(db: Database.Database, onProgress?: (done: number) => void): VerifyReport {
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map(
    (r) => r.integrity_check,
  );
  const foreignKeyViolations = (db.pragma('foreign_key_check') as unknown[]).length;
  const hashMismatches: number[] = [];
  let messages = 0;
  for (const message of iterateRawMessages(db)) {
    messages += 1;
    if (!createHash('sha256').update(message.raw).digest().equals(message.sha256))
      hashMismatches.push(message.id);
    if (messages % 1000 === 0) onProgress?.(messages);
  }
  const orphans = db
    .prepare(
      `SELECT id FROM messages m WHERE NOT EXISTS (SELECT 1 FROM message_raw r WHERE r.message_id = m.id)
         OR NOT EXISTS (SELECT 1 FROM memberships ms WHERE ms.message_id = m.id)`,
    )
    .pluck()
    .all() as number[];
  const searchIndex = checkSearchIndex(db, messages);
  const ok =
    searchIndex === 'ok' &&
    schemaVersion === LATEST_VERSION &&
    integrity.length === 1 &&
    integrity[0] === 'ok' &&
    foreignKeyViolations === 0 &&
    hashMismatches.length === 0 &&
    orphans.length === 0;
  return {
    ok,
    schemaVersion,
    messages,
    hashMismatches,
    orphans,
    integrity,
    foreignKeyViolations,
    searchIndex,
  };
}

/**
 * PRAGMA integrity_check already runs FTS5's own structural check (SQLite ≥ 3.44, read-only too); this adds
 * that the index holds exactly one document per stored message.
 */
function checkSearchIndex(db: Database.Database, messages: number): string {
  const indexed = db.prepare('SELECT count(*) FROM message_fts').pluck().get() as number;
  return indexed === messages ? 'ok' : `${indexed} indexed documents for ${messages} messages`;
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getAccount } from '../../src-main/engine/archive/accounts-repo.ts';
import { completeCheckpoint, getCheckpoint } from '../../src-main/engine/archive/folders-repo.ts';
import { LATEST_VERSION, MIGRATIONS } from '../../src-main/engine/archive/migrations/registry.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { recordScan } from '../../src-main/engine/archive/scans-repo.ts';
import { accountStatus } from '../../src-main/engine/archive/status.ts';
import { liveArchivedUids } from '../../src-main/engine/archive/topup-repo.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-migrate-topup-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An archive as the build before top-ups wrote it: one folder scanned in full, two messages archived. */
function writeBeforeTopUps(file: string): void {
  const db = new Database(file);
  db.transaction(() => {
    for (const migration of MIGRATIONS.filter((m) => m.version < 9)) migration.up(db);
    db.pragma('user_version = 8');
  })();
  db.exec(`
    INSERT INTO accounts (id, name, host, port, security, user, created_at) VALUES (1, 'a', 'h', 993, 'tls', 'u', 0);
    INSERT INTO folders (id, account_id, path, delimiter) VALUES (1, 1, 'INBOX', '/');
    INSERT INTO folder_checkpoints (folder_id, uid_validity, complete, uid_next, server_messages, in_range, updated_at)
      VALUES (1, 7, 1, 3, 2, 2, 0);
  `);
  for (const id of [1, 2]) {
    db.prepare(
      `INSERT INTO messages (id, sha256, size, subject, date, date_source, internal_date, added_at)
       VALUES (?, ?, 10, 'm', 0, 'internal', 0, 0)`,
    ).run(id, Buffer.alloc(32, id));
    db.prepare(
      `INSERT INTO memberships (folder_id, uid_validity, uid, message_id, internal_date, flags, seen_at)
       VALUES (1, 7, ?, ?, 0, '\\Seen', 0)`,
    ).run(id, id);
  }
  db.close();
}

describe('migration 0009-topup', () => {
  it('keeps what was archived, with no HIGHESTMODSEQ and nothing deleted on server yet', () => {
    const file = path.join(dir, 'v8.sqlite');
    writeBeforeTopUps(file);
    const db = openArchive(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(getCheckpoint(db, 1, 7)).toMatchObject({ complete: true, uidNext: 3, highestModseq: null });
    expect(liveArchivedUids(db, 1, 7)).toEqual([1, 2]);
    expect(accountStatus(db, getAccount(db, 'a')).folders[0]?.deletedOnServer).toBe(0);
    db.close();
  });

  it('stores a 63-bit HIGHESTMODSEQ exactly, and marks deletions and flag changes of a top-up', () => {
    const file = path.join(dir, 'v8.sqlite');
    writeBeforeTopUps(file);
    const db = openArchive(file);
    const huge = 2n ** 62n + 1n;
    completeCheckpoint(db, {
      folderId: 1,
      uidValidity: 7,
      uidNext: 3,
      serverMessages: 1,
      range: { since: null, before: null },
      inRange: 1,
      highestModseq: huge,
    });
    expect(getCheckpoint(db, 1, 7)?.highestModseq).toBe(huge);
    recordScan(db, {
      folderId: 1,
      uidValidity: 7,
      range: { since: null, before: null },
      inRange: [2],
      filtered: [],
      topUp: { flags: [{ uid: 2, flags: ['\\Seen', '\\Flagged'] }], deleted: [1] },
    });
    expect(liveArchivedUids(db, 1, 7)).toEqual([2]);
    const status = accountStatus(db, getAccount(db, 'a')).folders[0];
    expect(status).toMatchObject({ deletedOnServer: 1, onServer: 1, archived: 1, missing: [] });
    const flags = db.prepare('SELECT uid, flags FROM memberships ORDER BY uid').all();
    expect(flags).toEqual([
      { uid: 1, flags: '\\Seen' },
      { uid: 2, flags: '\\Seen \\Flagged' },
    ]);
    // The message deleted on the server is still in the archive.
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(2);
    db.close();
  });
});

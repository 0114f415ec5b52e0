import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openArchive } from '../../src-main/engine/archive/open.ts';

let dir: string;
let db: Database.Database;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-plans-'));
  db = openArchive(dir, { create: true });
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The plan's detail lines, e.g. "SEARCH messages USING INDEX messages_thread (thread_id=?)". */
const plan = (sql: string): string => {
  // better-sqlite3 wants every placeholder bound even to explain a statement; the values do not matter.
  const placeholders = sql.split('?').length - 1;
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array<null>(placeholders).fill(null)) as {
    detail: string;
  }[];
  return rows.map((r) => r.detail).join('\n');
};

describe('hot queries use their indexes (no full scans as the archive grows)', () => {
  it('finds a message by its SHA-256 through the unique index', () => {
    expect(plan('SELECT id FROM messages WHERE sha256 = ?')).toMatch(
      /SEARCH messages USING COVERING INDEX sqlite_autoindex_messages_1/,
    );
  });

  it("reads a folder's archived UIDs through the membership primary key", () => {
    expect(plan('SELECT uid FROM memberships WHERE folder_id = ? AND uid_validity = ?')).toMatch(
      /SEARCH memberships USING PRIMARY KEY/,
    );
  });

  it("lists a thread and a message's folders without scanning", () => {
    expect(plan('SELECT id FROM messages WHERE thread_id = ? ORDER BY date')).toMatch(
      /SEARCH messages USING INDEX messages_thread/,
    );
    const folders = plan(
      'SELECT f.path FROM memberships ms JOIN folders f ON f.id = ms.folder_id WHERE ms.message_id = ?',
    );
    expect(folders).toMatch(/SEARCH ms USING (COVERING )?INDEX memberships_message/);
    expect(folders).not.toMatch(/SCAN/);
  });

  it('filters by date with the date index', () => {
    expect(plan('SELECT id FROM messages m WHERE m.date >= ? AND m.date < ?')).toMatch(
      /SEARCH m USING (COVERING )?INDEX messages_date/,
    );
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { matchingMessageIds, searchArchive } from '../../src-main/engine/search/search.ts';

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

  it('takes the newest messages for words too common to rank through the date index, not a sort', () => {
    const newest = plan(
      'SELECT m.id, coalesce(m.thread_id, m.id) AS thread, m.date FROM messages m WHERE (1) ORDER BY m.date DESC, m.id DESC LIMIT ?',
    );
    expect(newest).toMatch(/SCAN m USING INDEX messages_date/);
    expect(newest).not.toMatch(/TEMP B-TREE/);
  });

  it('filters by date with the date index', () => {
    expect(plan('SELECT id FROM messages m WHERE m.date >= ? AND m.date < ?')).toMatch(
      /SEARCH m USING (COVERING )?INDEX messages_date/,
    );
  });
});

/** Every statement `run` prepares on the archive, in order. */
const statementsOf = (run: () => void): string[] => {
  const seen: string[] = [];
  const prepare = db.prepare.bind(db);
  const spied = db as unknown as { prepare: (sql: string) => unknown };
  spied.prepare = (sql: string) => {
    seen.push(sql);
    return prepare(sql);
  };
  try {
    run();
  } finally {
    delete (spied as { prepare?: unknown }).prepare;
  }
  return seen;
};

/** A plan line that reads all of messages (a SEARCH through an index or the primary key is not one). */
const FULL_SCAN_OF_MESSAGES = /^SCAN (messages|m)\b/m;

describe("search's statements use the full-text index, the primary key or an index", () => {
  const queries = ['hello', 'hello world -spam', 'hello after:2024-01-01', 'after:2024-01-01 has:attachment'];
  let statements: string[] = [];
  beforeAll(() => {
    const all = queries.flatMap((q) =>
      statementsOf(() => {
        searchArchive(db, q);
        matchingMessageIds(db, q);
      }),
    );
    statements = [...new Set(all)];
  });

  it('runs every MATCH through FTS5 and reaches messages by rowid, never by a scan', () => {
    const fts = statements.filter((sql) => sql.includes('MATCH ?'));
    // ranked top hits, the hits joined to messages, the count, the shown threads' matches, the export ids
    expect(fts.length).toBeGreaterThanOrEqual(4);
    for (const sql of fts) {
      const detail = plan(sql);
      expect(detail, sql).toMatch(/SCAN message_fts VIRTUAL TABLE INDEX \d+:M/);
      expect(detail, sql).not.toMatch(FULL_SCAN_OF_MESSAGES);
    }
  });

  it('looks up the messages of a json_each list by primary key or the thread index', () => {
    const lists = statements.filter((sql) => sql.includes('json_each'));
    // the top hits' threads and dates, the shown threads' candidates, a filter-only query's thread members
    expect(lists.length).toBeGreaterThanOrEqual(3);
    for (const sql of lists) {
      const detail = plan(sql);
      expect(detail, sql).toMatch(
        /SEARCH (messages|m) USING (INTEGER PRIMARY KEY|(COVERING )?INDEX messages_(thread|date))/,
      );
      expect(detail, sql).not.toMatch(FULL_SCAN_OF_MESSAGES);
    }
  });

  it('scans no statement of a search over the whole of messages', () => {
    for (const sql of statements) expect(plan(sql), sql).not.toMatch(FULL_SCAN_OF_MESSAGES);
  });
});

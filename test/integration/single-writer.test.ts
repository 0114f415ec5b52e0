import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultImportOptions } from '../../src-shared/domain.ts';
import { addAccount } from '../../src-main/engine/archive/accounts-repo.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { runImport } from '../../src-main/engine/import/run.ts';
import { startFakeImap, type FakeFolder, type FakeImapServer } from '../support/fake-imap.ts';

const mail = (subject: string, reply?: string): string =>
  `From: a@example.com\r\nTo: b@example.com\r\nSubject: ${subject}\r\n` +
  `Date: Mon, 01 Jan 2024 10:00:00 +0000\r\nMessage-ID: <${subject.replace(/\W/g, '-')}@example.com>\r\n` +
  (reply ? `In-Reply-To: <${reply}@example.com>\r\n` : '') +
  `\r\n${subject}\r\n`;
const day = new Date(Date.UTC(2024, 0, 1, 10));

const FOLDERS: FakeFolder[] = [
  {
    path: 'INBOX',
    uidValidity: '7',
    messages: [
      { uid: 1, raw: mail('first'), internalDate: day },
      { uid: 2, raw: mail('Re: first', 'first'), internalDate: day },
    ],
  },
  // A folder the server describes wrongly: its problem goes into the error log during the run.
  { path: 'Odd', uidValidity: '-1', messages: [{ uid: 1, raw: mail('odd'), internalDate: day }] },
];

describe('one writer during an import', () => {
  let server: FakeImapServer;
  let tmp: string;
  let db: Database.Database;

  beforeEach(async () => {
    server = await startFakeImap({ user: 'alice', password: 'pw', folders: FOLDERS });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-writer-'));
    db = openArchive(path.join(tmp, 'archive'), { create: true });
  });
  afterEach(async () => {
    db.close();
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('writes the whole run (run row, folders, mail, problems, budget, threads) through the writer thread', async () => {
    const account = addAccount(db, {
      name: 'alice',
      host: server.host,
      port: server.port,
      security: 'none',
      user: 'alice',
    });
    // Any write on this connection while the import runs now fails with SQLITE_READONLY.
    db.pragma('query_only = ON');
    const summary = await runImport({
      db,
      account,
      password: 'pw',
      options: defaultImportOptions(),
      limits: { callsPerMinute: null, bytesPerSecond: null, dailyBudgetBytes: 1e9 },
    });
    db.pragma('query_only = OFF');

    expect(summary.new).toBe(2);
    const count = (sql: string): number => db.prepare(sql).pluck().get() as number;
    expect(count("SELECT count(*) FROM runs WHERE status = 'completed'")).toBe(1);
    expect(count('SELECT count(*) FROM folders')).toBe(2);
    expect(count('SELECT count(*) FROM folder_errors')).toBe(1);
    expect(count('SELECT count(*) FROM folder_checkpoints WHERE complete = 1')).toBe(1);
    expect(count('SELECT count(DISTINCT thread_id) FROM messages WHERE thread_id IS NOT NULL')).toBe(1);
    expect(count('SELECT sum(bytes) FROM download_days')).toBeGreaterThan(0);
  });
});

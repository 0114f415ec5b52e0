/** `mailtrove account remove`: the same rules as the window's (engine/api), from the command line. */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultImportOptions } from '../../src-shared/domain.ts';
import { getAccount } from '../../src-main/engine/archive/accounts-repo.ts';
import { createJob, updateJob } from '../../src-main/engine/archive/jobs-repo.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { json, runCli } from '../support/cli.ts';
import { createHandlerArchive } from '../support/handler-archive.ts';

/** A keychain that cannot be reached: removal must not depend on it. */
const env = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', MAILTROVE_PASSWORD: '' };

let dir: string;
beforeEach(() => {
  // The handlers' archive: "work" holds the report, its reply and the newsletter; "home" the newsletter.
  const archive = createHandlerArchive();
  archive.reader.close();
  archive.db.close();
  dir = archive.dir;
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const count = (sql: string): unknown => {
  const db = openArchive(dir, { readonly: true });
  try {
    return db.prepare(sql).pluck().get();
  } finally {
    db.close();
  }
};

describe('mailtrove account remove', () => {
  it('keeps the archived mail by default', async () => {
    const result = await runCli(['--archive', dir, 'account', 'remove', 'work', '--json'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(json<{ removed: string }>(result).removed).toBe('work');
    expect(count('SELECT count(*) FROM messages')).toBe(3);
  });

  it('with --delete-mail deletes the mail only that account holds, and says how much', async () => {
    const result = await runCli(['--archive', dir, 'account', 'remove', 'work', '--delete-mail'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Removed account "work" and 2 message\(s\) only it held/);
    // The newsletter is in home too: it stays, searchable.
    expect(count('SELECT group_concat(message_id) FROM messages')).toBe('n1@example.com');
    const list = await runCli(['--archive', dir, 'account', 'list', '--json'], { env });
    expect(json<{ name: string }[]>(list).map((a) => a.name)).toEqual(['home']);
  });

  it('refuses while an import of the account runs, and changes nothing', async () => {
    const db = openArchive(dir);
    const job = createJob(db, getAccount(db, 'work').id, defaultImportOptions(), false);
    updateJob(db, job.id, { state: 'running', message: 'started' });
    db.close();
    const result = await runCli(['--archive', dir, 'account', 'remove', 'work', '--delete-mail'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/The account "work" has an import running/);
    expect(result.stderr).toMatch(/Pause or cancel its import first/);
    expect(count('SELECT count(*) FROM messages')).toBe(3);
    expect(count('SELECT count(*) FROM accounts WHERE removed_at IS NULL')).toBe(2);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src-shared/ipc/contract.ts';
import { readMboxrd } from '../../src-main/engine/export/mbox.ts';
import { verifyArchive } from '../../src-main/engine/archive/verify.ts';
import { resolveArchiveFile } from '../../src-main/engine/archive/open.ts';
import { KeychainUnavailableError } from '../../src-main/engine/secrets/keychain-errors.ts';
import { secretKey } from '../../src-main/engine/secrets/secret-store.ts';
import { createHandlerArchive, REPORT, WORK, type HandlerArchive } from '../support/handler-archive.ts';

let archive: HandlerArchive;
beforeEach(() => {
  archive = createHandlerArchive();
});
afterEach(() => {
  archive.close();
});

function value<T>(reply: Reply<T>): T {
  if (!reply.ok) throw new Error(`expected ok, got ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

function failure<T>(reply: Reply<T>): { code: string; message: string; hint?: string } {
  if (reply.ok) throw new Error('expected a failure');
  return reply.error;
}

const importOptions = {
  folders: null,
  exclude: [],
  range: { since: '2024-01-01', before: null },
  dryRun: false,
  maxMessages: null,
  batchSize: 250,
};

describe('requests reach the engine only when valid', () => {
  it('answers invalid-request naming the channel and the field, and never runs the handler', async () => {
    const { handlers, jobs } = archive;
    const reply = await handlers.invoke('import:start', {
      account: 'work',
      options: { ...importOptions, batchSize: 0 },
    });
    expect(failure(reply)).toMatchObject({ code: 'invalid-request' });
    expect(failure(reply).message).toMatch(/import:start.*options\.batchSize/);
    expect(jobs.calls).toEqual([]);
    // A channel name from a URL or a socket that is not in the contract.
    const unknown = await handlers.invoke('accounts:drop' as 'accounts:list', {});
    expect(failure(unknown).code).toBe('invalid-request');
  });

  it('reports an unexpected failure as internal, keeping its details in the log only', async () => {
    archive.jobs.start = () => Promise.reject(new Error('SQLITE internals at /home/bob/secret.sqlite'));
    const reply = await archive.handlers.invoke('import:start', { account: 'work', options: importOptions });
    expect(failure(reply).code).toBe('internal');
    expect(JSON.stringify(reply)).not.toMatch(/secret\.sqlite|at \//);
    expect(archive.logged).toHaveLength(1);
  });

  it('blames the disk for an SQLite failure only when SQLite says the disk failed', async () => {
    const cases: [string, RegExp][] = [
      ['SQLITE_FULL', /disk holding the archive is full/],
      ['SQLITE_IOERR_WRITE', /disk failed/],
      ['SQLITE_BUSY', /Another program holds the archive/],
      ['SQLITE_ERROR', /^The details are in the log\.$/],
    ];
    for (const [code, hint] of cases) {
      archive.jobs.start = () => Promise.reject(new Database.SqliteError('it failed', code));
      const reply = failure(
        await archive.handlers.invoke('import:start', { account: 'work', options: importOptions }),
      );
      expect(reply.code).toBe('archive');
      expect(reply.hint, code).toMatch(hint);
    }
  });
});

describe('accounts', () => {
  it('keeps the password in the keychain only: not in replies, not in the archive file', async () => {
    const { handlers, secrets, db } = archive;
    const password = 'correct horse battery staple';
    const account = { name: 'mobile', ...WORK, user: 'bob@mobile.example' };
    const added = await handlers.invoke('accounts:add', { account, password });
    expect(value(added)).toEqual({ ...account, hasPassword: true });
    expect(JSON.stringify(added)).not.toContain(password);
    expect(await secrets.get(secretKey(account))).toBe(password);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(fs.readFileSync(resolveArchiveFile(archive.dir)).includes(password)).toBe(false);

    const listed = value(await handlers.invoke('accounts:list', {}));
    expect(listed.map((a) => [a.name, a.hasPassword])).toEqual([
      ['home', false],
      ['mobile', true],
      ['work', false],
    ]);
    expect(JSON.stringify(listed)).not.toContain(password);
    const again = await handlers.invoke('accounts:add', { account, password: 'other' });
    expect(failure(again).code).toBe('usage');
    expect(failure(again).message).toMatch(/already exists/);
  });

  it('explains both ways forward when Save finds no keychain, and adds nothing', async () => {
    const { handlers, secrets } = archive;
    secrets.set = () => Promise.reject(new KeychainUnavailableError('no D-Bus session'));
    const account = { name: 'server', ...WORK, user: 'ops@example.org' };
    const error = failure(await handlers.invoke('accounts:add', { account, password: 'pw' }));
    expect(error.code).toBe('config');
    expect(error.message).toMatch(/keychain is not available: no D-Bus session\. The account was not saved/);
    expect(error.hint).toMatch(/Two ways forward: \(1\) Start or unlock your keyring.*press Save again/s);
    expect(error.hint).toMatch(/\(2\) .*MAILTROVE_PASSWORD/s);
    const names = value(await handlers.invoke('accounts:list', {})).map((a) => a.name);
    expect(names).not.toContain('server');
  });

  it('says what to do when no password is stored, before connecting anywhere', async () => {
    const reply = await archive.handlers.invoke('folders:list', { account: 'work' });
    expect(failure(reply).code).toBe('config');
    expect(failure(reply).hint).toMatch(/--password-stdin/);
    // The variable is for one CLI command; here it would not be read, so it is not suggested.
    expect(failure(reply).hint).not.toMatch(/MAILTROVE_PASSWORD/);
    expect(failure(await archive.handlers.invoke('folders:list', { account: 'nobody' })).code).toBe('config');
  });

  it('removes an account but keeps its mail unless asked to delete it', async () => {
    const { handlers, db } = archive;
    await archive.secrets.set(secretKey({ name: 'work', ...WORK }), 'pw');
    expect(value(await handlers.invoke('accounts:remove', { account: 'work', deleteMail: false }))).toEqual({
      removedMessages: 0,
    });
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(3);
    expect(await archive.secrets.get(secretKey({ name: 'work', ...WORK }))).toBeNull();
    expect(value(await handlers.invoke('accounts:list', {})).map((a) => a.name)).toEqual(['home']);
  });

  it('deletes only the mail no other account holds, index included, and leaves a sound archive', async () => {
    const { handlers, db } = archive;
    const reply = await handlers.invoke('accounts:remove', { account: 'work', deleteMail: true });
    // The report and its reply were only in work; the newsletter is in home too.
    expect(value(reply)).toEqual({ removedMessages: 2 });
    expect(db.prepare('SELECT message_id FROM messages').pluck().all()).toEqual(['n1@example.com']);
    for (const table of ['message_raw', 'message_body', 'attachments'])
      expect(
        db
          .prepare(`SELECT count(*) FROM ${table} WHERE message_id NOT IN (SELECT id FROM messages)`)
          .pluck()
          .get(),
      ).toBe(0);
    expect(value(await handlers.invoke('search:query', { query: 'quarterly' })).totalThreads).toBe(0);
    expect(value(await handlers.invoke('search:query', { query: 'zeppelin' })).totalThreads).toBe(1);
    expect(verifyArchive(db)).toMatchObject({ ok: true, messages: 1 });
  });

  it('refuses to remove an account while its import runs', async () => {
    value(await archive.handlers.invoke('import:start', { account: 'work', options: importOptions }));
    const reply = await archive.handlers.invoke('accounts:remove', { account: 'work', deleteMail: true });
    expect(failure(reply).code).toBe('usage');
    expect(failure(reply).hint).toMatch(/Pause or cancel/);
    expect(archive.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(3);
  });
});

describe('jobs', () => {
  it('starts, pauses and lists imports through the job manager and pushes their state', async () => {
    const { handlers } = archive;
    const states: string[] = [];
    const off = handlers.on('job:state', (job) => states.push(job.state));
    const job = value(await handlers.invoke('import:start', { account: 'work', options: importOptions }));
    expect(value(await handlers.invoke('jobs:pause', { jobId: job.id })).state).toBe('paused');
    off();
    value(await handlers.invoke('jobs:resume', { jobId: job.id }));
    expect(states).toEqual(['running', 'paused']);
    expect(value(await handlers.invoke('jobs:list', { account: 'work' })).map((j) => j.id)).toEqual([job.id]);
    expect(value(await handlers.invoke('jobs:list', { account: 'home' }))).toEqual([]);
    const dry = await handlers.invoke('import:start', {
      account: 'work',
      options: { ...importOptions, dryRun: true },
    });
    expect(failure(dry).message).toMatch(/import:preview/);
  });
});

describe('did it get everything?', () => {
  it('lists the failed message in the error log and as missing from its folder', async () => {
    const { handlers } = archive;
    const errors = value(await handlers.invoke('errors:list', { account: 'work' }));
    expect(errors).toMatchObject([{ account: 'work', folder: 'INBOX', uid: 4, code: 'fetch-failed' }]);
    const status = value(await handlers.invoke('status:completeness', { account: 'work' }));
    expect(status).toEqual({
      account: 'work',
      folders: [
        { path: 'INBOX', uidValidity: 1, onServer: 4, archived: 3, missing: [{ uid: 4, cause: 'failed' }] },
      ],
    });
    expect(value(await handlers.invoke('errors:list', { account: 'home' }))).toEqual([]);
  });

  it('answers the status view: the folder partial, its gap with its cause', async () => {
    const status = value(await archive.handlers.invoke('status:account', { account: 'work' }));
    expect(status.folders).toMatchObject([
      { path: 'INBOX', onServer: 4, archived: 3, missing: [{ uid: 4, cause: 'failed' }] },
    ]);
    // An unknown account is a configuration error, as everywhere else.
    expect(failure(await archive.handlers.invoke('status:account', { account: 'nobody' })).code).toBe(
      'config',
    );
  });
});

describe('reading the archive', () => {
  it('searches threads with their size and highlighted snippets; a blank box is no error', async () => {
    const { handlers } = archive;
    const page = value(await handlers.invoke('search:query', { query: 'numbers' }));
    expect(page.totalThreads).toBe(1);
    expect(page.hits[0]?.subject).toMatch(/Quarterly report/);
    expect(page.hits[0]?.threadSize).toBe(2);
    expect(page.hits[0]?.messages).toHaveLength(2);
    expect(page.hits[0]?.snippet).toContain('**numbers**');
    expect(value(await handlers.invoke('search:query', { query: '  ' }))).toEqual({
      hits: [],
      totalThreads: 0,
      totalThreadsCapped: false,
      ungrouped: 0,
      order: 'relevance',
    });
    expect(failure(await handlers.invoke('search:query', { query: 'from:' })).code).toBe('query');
  });

  it('answers a too deep or too long query with a query error that says so, never blaming the disk', async () => {
    const { handlers } = archive;
    const deep = failure(
      await handlers.invoke('search:query', { query: `${'numbers -('.repeat(40)}x${')'.repeat(40)}` }),
    );
    expect(deep.code).toBe('query');
    expect(deep.message).toMatch(/nests parentheses too deeply.*at most 16 levels/);
    const long = failure(await handlers.invoke('search:query', { query: 'numbers '.repeat(300) }));
    expect(long.code).toBe('query');
    expect(long.message).toMatch(/too long: 2400 characters, and at most 2000/);
    for (const error of [deep, long]) expect(JSON.stringify(error)).not.toMatch(/disk|archive/i);
    // At the caps the search runs: "numbers, but not (zzz but not (…))" finds what "numbers" finds.
    const atCap = `${'numbers -(zzz -('.repeat(8)}x${'))'.repeat(8)}`;
    expect(value(await handlers.invoke('search:query', { query: atCap })).totalThreads).toBe(1);
  });

  it('cuts snippets from the raw message, or from the body text an older archive stored', async () => {
    const { handlers, db } = archive;
    expect(db.prepare('SELECT count(*) FROM message_body').pluck().get()).toBe(0);
    const before = value(await handlers.invoke('search:query', { query: 'numbers' }));
    expect(before.hits[0]?.snippet).toContain('**numbers**');
    // Archives written before MailTrove read MIME itself kept the text; where it is there, it is used.
    db.prepare("INSERT INTO message_body (message_id, codec, data) SELECT id, 'none', ? FROM messages").run(
      Buffer.from('The stored text about numbers, from an older version.'),
    );
    const page = value(await handlers.invoke('search:query', { query: 'numbers' }));
    expect(page.hits[0]?.snippet).toContain('older version');
    db.prepare('DELETE FROM message_body').run();
    // A message the import stored without reading its MIME (too big, or it killed a parser thread) is not
    // read here either: it is found, without a snippet.
    db.prepare("UPDATE messages SET parse_error = 'not parsed: test'").run();
    const unread = value(await handlers.invoke('search:query', { query: 'numbers' }));
    expect(unread.totalThreads).toBe(1);
    expect(unread.hits[0]?.snippet).toBe('');
    db.prepare('UPDATE messages SET parse_error = NULL').run();
  });

  it('lists a thread in date order and says when there is none', async () => {
    const { handlers } = archive;
    const threadId =
      value(await handlers.invoke('search:query', { query: 'numbers' })).hits[0]?.threadId ?? 0;
    const thread = value(await handlers.invoke('thread:get', { threadId }));
    expect(thread.map((m) => m.subject)).toEqual(['Quarterly report', 'Re: Quarterly report']);
    expect(thread[0]).toMatchObject({ hasAttachments: true, folders: ['INBOX'] });
    expect(failure(await handlers.invoke('thread:get', { threadId: 9999 })).code).toBe('not-found');
  });

  it("shows a message's text, its own HTML and its attachments, and hands out an attachment's bytes", async () => {
    const { handlers } = archive;
    const id = archive.idOf('q1@example.org');
    const message = value(await handlers.invoke('message:get', { id }));
    expect(message).toMatchObject({
      subject: 'Quarterly report',
      from: 'Alice <alice@example.org>',
      size: REPORT.byteLength,
      attachments: [{ index: 0, filename: 'report.pdf', contentType: 'application/pdf', size: 9 }],
      parseError: null,
    });
    expect(message.text).toContain('The quarterly numbers are in.');
    expect(message.html).toContain('<b>quarterly</b>');
    const attachment = value(await handlers.invoke('message:attachment', { id, index: 0 }));
    expect(attachment).toMatchObject({ filename: 'report.pdf', contentType: 'application/pdf' });
    expect(Buffer.from(attachment.base64, 'base64').toString()).toBe('%PDF-1.4\n');
    expect(failure(await handlers.invoke('message:attachment', { id, index: 1 })).code).toBe('not-found');
    expect(failure(await handlers.invoke('message:get', { id: 9999 })).code).toBe('not-found');
  });

  it('exports search results as mbox with the original bytes', async () => {
    // Outside the archive's folder: export never writes inside the archive.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-export-'));
    try {
      const out = path.join(dir, 'report.mbox');
      const reply = await archive.handlers.invoke('export:run', {
        source: { query: 'quarterly' },
        format: 'mbox',
        out,
      });
      expect(value(reply)).toEqual({ messages: 2, path: out });
      expect([...readMboxrd(fs.readFileSync(out))][0]?.equals(REPORT)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers app:info with the version and the archive file', async () => {
    expect(value(await archive.handlers.invoke('app:info', {}))).toEqual({
      version: '9.9.9',
      archivePath: resolveArchiveFile(archive.dir),
    });
  });
});

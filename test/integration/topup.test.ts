import path from 'node:path';
import Database from 'better-sqlite3';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src-shared/domain.ts';
import { json, jsonLines } from '../support/cli.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { startImapCommandLog, type ImapCommandLog } from '../support/imap-command-log.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';

const USER = 'tess';
const PASSWORD = 'top up';
/** Commands that select a folder or read its messages: an unchanged account's top-up sends none. */
const READING = new Set(['SELECT', 'EXAMINE', 'FETCH', 'UID FETCH', 'SEARCH', 'UID SEARCH']);

/** A small message with a word of its own, so a search finds exactly it. */
function mail(subject: string, word: string): Buffer {
  return Buffer.from(
    `From: Sender <sender@example.org>\r\nTo: ${USER}@example.org\r\nSubject: ${subject}\r\n` +
      `Message-ID: <${word}@example.org>\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\n\r\n` +
      `This message carries the word ${word}.\r\n`,
  );
}

describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')('top-ups against a real Dovecot', () => {
  let mailbox: TestMailbox;
  let log: ImapCommandLog;
  let archive: string;
  /** an IMAP client acting on the server as another mail program of the user would */
  let other: ImapFlow;
  const cli = (args: string[]) => mailbox.cli(archive, args);
  const topUp = async (): Promise<ImportSummary> => {
    const result = await cli(['import', USER, '--json']);
    expect(result.code, result.stderr).toBe(0);
    return json<ImportSummary>(result);
  };

  beforeAll(async () => {
    mailbox = await startTestMailbox({
      user: USER,
      password: PASSWORD,
      corpus: { count: 40, bigAttachments: 0, now: new Date() },
    });
    log = await startImapCommandLog(mailbox.server);
    archive = path.join(mailbox.tmp, 'archive');
    const flags = ['--host', log.host, '--port', String(log.port), '--security', 'none', '--user', USER];
    const added = await cli(['account', 'add', USER, ...flags]);
    expect(added.code, added.stderr).toBe(0);
    other = new ImapFlow({
      host: mailbox.server.host,
      port: mailbox.server.port,
      secure: false,
      auth: { user: USER, pass: PASSWORD },
      logger: false,
    });
    await other.connect();
    await other.append('INBOX', mail('Keep flagged', 'quokkaflag'), []);
    await other.append('INBOX', mail('Going away', 'wombatgone'), ['\\Seen']);
    const first = await topUp();
    expect(first.failed).toBe(0);
    expect(first.new).toBeGreaterThan(2);
  }, 120_000);

  afterAll(async () => {
    // Whatever beforeAll got to start, stopped on every path.
    const started = { other, log, mailbox } as Partial<{
      other: ImapFlow;
      log: ImapCommandLog;
      mailbox: TestMailbox;
    }>;
    await started.other?.logout().catch(() => undefined);
    await started.log?.close();
    await started.mailbox?.stop();
  });

  it('tops up an unchanged account from STATUS alone: no SELECT, EXAMINE or FETCH, and 0 new', async () => {
    log.clear();
    const result = await cli(['import', USER]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/\b0 stored as new\b/);
    const verbs = log.verbs();
    expect(verbs).toContain('LIST');
    expect(verbs.filter((verb) => READING.has(verb))).toEqual([]);
    // One connection: no extra scan connection is opened for folders planned from STATUS alone.
    expect(verbs.filter((verb) => verb === 'AUTHENTICATE' || verb === 'LOGIN')).toHaveLength(1);
  });

  it('fetches 100 new messages in two folders in one top-up, by UID range', async () => {
    for (let i = 0; i < 60; i += 1) await other.append('INBOX', mail(`Inbox news ${i}`, `inboxnews${i}x`));
    for (let i = 0; i < 40; i += 1) await other.append('Sent', mail(`Sent news ${i}`, `sentnews${i}x`));
    log.clear();
    const summary = await topUp();
    expect(summary).toMatchObject({ new: 100, failed: 0 });
    expect(summary.folders.find((f) => f.path === 'INBOX')?.new).toBe(60);
    expect(summary.folders.find((f) => f.path === 'Sent')?.new).toBe(40);
    // Only the folders that changed were selected, and only UIDs above the recorded UIDNEXT were searched.
    const examined = log.lines.filter((line) => /^\S+ EXAMINE /i.test(line));
    expect(new Set(examined.map((line) => line.replace(/^\S+ EXAMINE /i, '')))).toEqual(
      new Set(['INBOX', 'Sent']),
    );
    const searches = log.lines.filter((line) => /^\S+ UID SEARCH /i.test(line));
    expect(searches).toHaveLength(2);
    for (const line of searches) expect(line).toMatch(/UID SEARCH UID \d+:\*/i);
    expect(await topUp()).toMatchObject({ new: 0, fetched: 0 });
  });

  it('sees a flag changed on the server after a top-up, downloading no message', async () => {
    await other.mailboxOpen('INBOX');
    const uids = await other.search({ subject: 'Keep flagged' }, { uid: true });
    expect(uids).toHaveLength(1);
    await other.messageFlagsAdd(String(uids && uids[0]), ['\\Flagged'], { uid: true });
    await other.mailboxClose();
    log.clear();
    expect(await topUp()).toMatchObject({ new: 0, fetched: 0 });
    expect(log.lines.some((line) => /CHANGEDSINCE/i.test(line))).toBe(true);
    expect(log.lines.some((line) => /BODY/i.test(line))).toBe(false);
    const db = new Database(path.join(archive, 'mailtrove.sqlite'), { readonly: true });
    const flags = db
      .prepare(
        `SELECT ms.flags FROM memberships ms JOIN messages m ON m.id = ms.message_id
         JOIN folders f ON f.id = ms.folder_id WHERE m.subject = 'Keep flagged' AND f.path = 'INBOX'`,
      )
      .pluck()
      .get() as string;
    db.close();
    expect(flags.split(' ')).toContain('\\Flagged');
  });

  it('keeps a message deleted on the server, says so in status, and still finds it', async () => {
    await other.mailboxOpen('INBOX');
    const uids = await other.search({ subject: 'Going away' }, { uid: true });
    expect(uids).toHaveLength(1);
    await other.messageDelete(String(uids && uids[0]), { uid: true });
    await other.mailboxClose();
    expect(await topUp()).toMatchObject({ new: 0, fetched: 0, failed: 0 });
    const status = await cli(['status', USER]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/INBOX: 1 deleted on server/);
    const hits = jsonLines<{ subject: string | null; messages: unknown[] }>(
      await cli(['search', 'wombatgone', '--json']),
    );
    expect(hits.map((hit) => [hit.subject, hit.messages.length])).toEqual([['Going away', 1]]);
    // Nothing changed since: the next top-up selects nothing again.
    log.clear();
    expect(await topUp()).toMatchObject({ new: 0 });
    expect(log.verbs().filter((verb) => READING.has(verb))).toEqual([]);
  });
});

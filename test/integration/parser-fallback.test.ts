import path from 'node:path';
import Database from 'better-sqlite3';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src-shared/domain.ts';
import { json, jsonLines } from '../support/cli.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';

describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')(
  'a message the parser cannot handle',
  () => {
    let mailbox: TestMailbox;

    beforeAll(async () => {
      mailbox = await startTestMailbox({ user: 'fay', corpus: { count: 60, bigAttachments: 0, seed: 5 } });
    });
    afterAll(async () => {
      await mailbox.stop();
    });

    it('is stored raw and flagged on the next run after the parser failed on it, not retried forever', async () => {
      const { server, corpus, password: PASSWORD } = mailbox;
      const archive = await mailbox.newArchive('archive');
      const run = (args: string[]): ReturnType<typeof mailbox.cli> => mailbox.cli(archive, args);

      // What a crashed parser thread leaves behind: an error row for the UID, no membership.
      const client = new ImapFlow({
        host: server.host,
        port: server.port,
        secure: false,
        auth: { user: 'fay', pass: PASSWORD },
        logger: false,
      });
      await client.connect();
      const opened = await client.mailboxOpen('INBOX', { readOnly: true });
      const first = await client.fetchOne('1', { uid: true, source: true });
      await client.logout();
      if (!first || !first.source) throw new Error('INBOX is empty');
      const db = new Database(path.join(archive, 'mailtrove.sqlite'));
      const folderId = Number(
        db.prepare("INSERT INTO folders (account_id, path, delimiter) VALUES (1, 'INBOX', '/')").run()
          .lastInsertRowid,
      );
      db.prepare(
        "INSERT INTO message_errors (folder_id, uid_validity, uid, code, message, at) VALUES (?, ?, ?, 'parse-worker', 'worker exited', 0)",
      ).run(folderId, Number(opened.uidValidity), first.uid);
      db.close();

      const summary = json<ImportSummary>(await run(['import', 'fay', '--folders', 'INBOX', '--json']));
      expect(summary.failed).toBe(0);
      const listed = jsonLines<{ sha256: string; parseError: string | null; folders: string[] }>(
        await run(['messages']),
      );
      const stored = listed.find(
        (m) => m.sha256 === corpus.find((c) => c.raw.equals(first.source as Buffer))?.sha256,
      );
      expect(stored?.parseError).toMatch(/parser failed on this message in an earlier run/);
      expect(stored?.folders).toEqual(['INBOX']);
      expect(summary.new).toBe(corpus.filter((m) => m.folders.includes('INBOX')).length);
      expect((await run(['verify'])).code).toBe(0);
    });

    it('blames only the message a parser thread dies on, not the others queued on that thread', async () => {
      const { corpus } = mailbox;
      const archive = await mailbox.newArchive('crash');
      const inbox = corpus.filter((m) => m.folders.includes('INBOX'));
      // A stretch of one message's bytes that no other message contains: the thread dies on it alone.
      const victim = inbox[Math.floor(inbox.length / 2)];
      if (!victim) throw new Error('INBOX is empty');
      const text = victim.raw.toString('latin1');
      const marker = [...Array(Math.floor(text.length / 40)).keys()]
        .map((i) => text.slice(i * 40, i * 40 + 40))
        .find((slice) => corpus.filter((m) => m.raw.toString('latin1').includes(slice)).length === 1);
      if (!marker) throw new Error('no unique stretch in the victim');
      const crashing = { MAILTROVE_TEST_CRASH_PARSER_ON: marker };

      const first = json<ImportSummary>(
        await mailbox.cli(archive, ['import', 'fay', '--folders', 'INBOX', '--json'], crashing),
      );
      expect(first.failed).toBe(1);
      expect(first.new).toBe(inbox.length - 1);
      const errors = jsonLines<{ code: string }>(await mailbox.cli(archive, ['errors', 'fay', '--json']));
      expect(errors.map((e) => e.code)).toEqual(['parse-worker']);
      const listed = jsonLines<{ sha256: string; parseError: string | null }>(
        await mailbox.cli(archive, ['messages']),
      );
      expect(listed.some((m) => m.parseError?.includes('earlier run'))).toBe(false);

      // The next run stores it raw and flagged instead of crashing again.
      const second = json<ImportSummary>(
        await mailbox.cli(archive, ['import', 'fay', '--folders', 'INBOX', '--json'], crashing),
      );
      expect(second.failed).toBe(0);
      const after = jsonLines<{ sha256: string; parseError: string | null }>(
        await mailbox.cli(archive, ['messages']),
      );
      expect(after.find((m) => m.sha256 === victim.sha256)?.parseError).toMatch(/earlier run/);
      expect(after).toHaveLength(inbox.length);
    });
  },
);

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
  },
);

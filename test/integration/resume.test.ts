import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src-shared/domain.ts';
import { json, jsonLines, runCli, spawnCli } from '../support/cli.ts';
import type { CorpusMessage } from '../support/corpus.ts';
import { dovecotAvailable, resetFolderIdentity, type DovecotServer } from '../support/dovecot.ts';
import { keyringAvailable, startKeyring } from '../support/keyring.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';

const inDefaultFolders = (m: CorpusMessage): boolean => m.folders.some((f) => f !== 'Junk' && f !== 'Trash');
const memberships = (corpus: CorpusMessage[]): number =>
  corpus.reduce((n, m) => n + m.folders.filter((f) => f !== 'Junk' && f !== 'Trash').length, 0);

describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')(
  'interrupted and renumbered imports',
  () => {
    let mailbox: TestMailbox;
    let server: DovecotServer;
    let corpus: CorpusMessage[];
    let tmp: string;
    let archive: string;
    const run = (args: string[], env: NodeJS.ProcessEnv = {}): ReturnType<typeof runCli> =>
      mailbox.cli(archive, args, env);

    beforeAll(async () => {
      mailbox = await startTestMailbox({
        user: 'erin',
        corpus: { count: 1200, bigAttachments: 0, seed: 11 },
      });
      ({ server, corpus, tmp } = mailbox);
      archive = await mailbox.newArchive('archive');
    });
    afterAll(async () => {
      await mailbox.stop();
    });

    const counts = (): { messages: number; memberships: number } => {
      const db = new Database(path.join(archive, 'mailtrove.sqlite'), { readonly: true });
      try {
        return {
          messages: db.prepare('SELECT count(*) FROM messages').pluck().get() as number,
          memberships: db.prepare('SELECT count(*) FROM memberships').pluck().get() as number,
        };
      } finally {
        db.close();
      }
    };

    it('kill -9 in the middle of an import loses nothing and doubles nothing after a re-run', async () => {
      const child = spawnCli(['--archive', archive, 'import', 'erin', '--batch-size', '2'], {
        env: { MAILTROVE_PASSWORD: mailbox.password },
      });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && child.exitCode === null) {
        if (fs.existsSync(path.join(archive, 'mailtrove.sqlite'))) {
          let seen = 0;
          try {
            seen = counts().memberships;
          } catch {
            // the schema may not exist yet
          }
          if (seen > 20) break;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      child.kill('SIGKILL');
      await exited;
      const atKill = counts();
      expect(atKill.memberships).toBeGreaterThan(0);
      expect(atKill.memberships).toBeLessThan(memberships(corpus));

      const resumed = json<ImportSummary>(await run(['import', 'erin', '--json']));
      expect(resumed.failed).toBe(0);
      // Exactly what was not committed is fetched again: nothing more, nothing less.
      expect(resumed.fetched).toBe(memberships(corpus) - atKill.memberships);
      const expected = corpus.filter(inDefaultFolders);
      expect(counts()).toEqual({ messages: expected.length, memberships: memberships(corpus) });
      const listed = jsonLines<{ sha256: string }>(await run(['messages']));
      expect(listed.map((m) => m.sha256).sort()).toEqual(expected.map((m) => m.sha256).sort());
      expect((await run(['verify'])).code).toBe(0);
    });

    it('a folder renumbered by the server (new UIDVALIDITY) is rescanned without storing anything twice', async () => {
      const before = counts();
      resetFolderIdentity(path.join(server.maildir('erin'), 'Sent'));
      const summary = json<ImportSummary>(await run(['import', 'erin', '--json']));
      const sent = summary.folders.find((f) => f.path === 'Sent');
      expect(sent?.decision).toMatch(/^uidvalidity-reset/);
      const inSent = corpus.filter((m) => m.folders.includes('Sent')).length;
      expect(sent).toMatchObject({ fetched: inSent, new: 0, sameContent: inSent, alreadyArchived: 0 });
      const after = counts();
      expect(after.messages).toBe(before.messages);
      // The old memberships stay as history; the new UIDVALIDITY gets its own.
      expect(after.memberships).toBe(before.memberships + inSent);
      expect((await run(['verify'])).code).toBe(0);
    });

    it.skipIf(!keyringAvailable() && process.env['CI'] !== 'true')(
      'takes the password from the OS keychain when stored with --password-stdin',
      async () => {
        const keyring = await startKeyring();
        try {
          const other = path.join(tmp, 'keychain-archive');
          const env = { ...keyring.env, MAILTROVE_PASSWORD: '' };
          const add = await runCli(
            ['--archive', other, 'account', 'add', 'erin', ...mailbox.accountFlags, '--password-stdin'],
            {
              env,
              input: `${mailbox.password}\n`,
            },
          );
          expect(add.code, add.stderr).toBe(0);
          expect(fs.readFileSync(path.join(other, 'mailtrove.sqlite')).includes(mailbox.password)).toBe(
            false,
          );
          const test = await runCli(['--archive', other, 'account', 'test', 'erin'], { env });
          expect(test.code, test.stderr).toBe(0);
          const removed = await runCli(['--archive', other, 'account', 'remove', 'erin', '--json'], { env });
          expect(json<{ keychain: string }>(removed).keychain).toBe('deleted');
        } finally {
          await keyring.stop();
        }
      },
    );
  },
);

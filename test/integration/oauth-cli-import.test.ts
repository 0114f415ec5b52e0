import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveContents, expectedContents } from '../support/archive-checks.ts';
import { runCli } from '../support/cli.ts';
import { generateCorpus, writeMaildir, type CorpusMessage } from '../support/corpus.ts';
import { dovecotAvailable, startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { keyringAvailable, startKeyring, type KeyringSession } from '../support/keyring.ts';
import { startOAuthServer, type OAuthTestServer } from '../support/oauth-server.ts';

const USER = 'olga';

/**
 * The whole OAuth2 life of an account through the real CLI, against Dovecot's oauth2 passdb and the
 * loopback authorization server: add with a brought refresh token, import, the provider revokes the
 * sign-in, the job waits with "needs sign-in", `account login` with a new token, `import --resume`.
 */
describe.skipIf((!dovecotAvailable() || !keyringAvailable()) && process.env['CI'] !== 'true')(
  'OAuth2 accounts through the CLI',
  () => {
    let keyring: KeyringSession;
    let auth: OAuthTestServer;
    let dovecot: DovecotServer;
    let corpus: CorpusMessage[];
    let tmp: string;

    beforeAll(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-oauth-cli-import-'));
      keyring = await startKeyring();
      auth = await startOAuthServer({ accessTokenSeconds: 2, refreshTokenChars: 3000 });
      dovecot = await startDovecot({
        users: [{ user: USER, password: 'unused-password' }],
        oauth2IntrospectionUrl: auth.introspectionUrl,
      });
      corpus = generateCorpus({ count: 120, bigAttachments: 0, seed: 21 });
      writeMaildir(dovecot.maildir(USER), corpus);
    });
    afterAll(async () => {
      await dovecot.stop({ removeDir: true });
      await auth.close();
      await keyring.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    const archive = () => path.join(tmp, 'archive');
    const cli = (args: string[], input?: string) =>
      runCli(['--archive', archive(), ...args], {
        env: { ...keyring.env, MAILTROVE_PASSWORD: '' },
        ...(input === undefined ? {} : { input }),
        timeoutMs: 60_000,
      });

    it('waits with "needs sign-in" after a revocation and completes after account login', async () => {
      const added = await cli(
        [
          'account',
          'add',
          'work',
          ...['--host', dovecot.host, '--port', String(dovecot.port), '--security', 'none'],
          ...['--user', USER, '--auth', 'oauth2', '--token-url', auth.tokenUrl],
          ...['--client-id', auth.clientId, '--refresh-token-stdin'],
        ],
        `${auth.issueRefreshToken(USER)}\n`,
      );
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);

      // `account test` and `folders` log in with an access token too.
      expect((await cli(['account', 'test', 'work'])).code).toBe(0);
      const inbox = await cli(['import', 'work', '--folders', 'INBOX']);
      expect(inbox.stderr).not.toContain('Error');
      expect(inbox.code).toBe(0);

      // The user removes MailTrove's access at the provider: the next import cannot get a token.
      auth.revokeUser(USER);
      const refused = await cli(['import', 'work']);
      expect(refused.code).toBe(3);
      expect(refused.stderr).toContain('needs sign-in');
      expect(refused.stderr).toContain('mailtrove account login work');
      const jobs = await cli(['jobs', 'work']);
      expect(jobs.stdout).toContain('waiting (needs sign-in)');
      const status = await cli(['status', 'work']);
      expect(status.stdout).toContain('Needs sign-in');
      expect(archiveContents(archive()).memberships).toBeLessThan(expectedContents(corpus).memberships);

      const login = await cli(
        ['account', 'login', 'work', '--refresh-token-stdin'],
        `${auth.issueRefreshToken(USER)}\n`,
      );
      expect(login.code).toBe(0);
      const resumed = await cli(['import', 'work', '--resume']);
      expect(resumed.stdout + resumed.stderr).toContain('Resuming job');
      expect(resumed.code).toBe(0);
      expect(archiveContents(archive())).toEqual(expectedContents(corpus));
      expect((await cli(['jobs', 'work'])).stdout).not.toContain('needs sign-in');

      // Removing the account deletes its refresh token (all of its keychain parts).
      const removed = await cli(['account', 'remove', 'work']);
      expect(removed.stdout).toContain('Keychain entry: deleted');
    });
  },
);

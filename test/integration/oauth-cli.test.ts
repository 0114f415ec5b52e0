import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountRefreshTokens } from '../../src-main/engine/auth/sign-in.ts';
import { createKeychainSecretStore } from '../../src-main/engine/secrets/keychain.ts';
import { runCli } from '../support/cli.ts';
import { keyringAvailable, startKeyring, type KeyringSession } from '../support/keyring.ts';
import { startOAuthServer, type OAuthTestServer } from '../support/oauth-server.ts';

describe.skipIf(!keyringAvailable() && process.env['CI'] !== 'true')(
  'mailtrove account add --auth oauth2 / login',
  () => {
    let keyring: KeyringSession;
    let auth: OAuthTestServer;
    let tmp: string;
    const busBefore = process.env['DBUS_SESSION_BUS_ADDRESS'];

    beforeAll(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-oauth-cli-'));
      keyring = await startKeyring();
      // This process reads the same private keychain the CLI writes.
      process.env['DBUS_SESSION_BUS_ADDRESS'] = keyring.env['DBUS_SESSION_BUS_ADDRESS'];
      auth = await startOAuthServer({ refreshTokenChars: 3000 });
    });
    afterAll(async () => {
      await auth.close();
      await keyring.stop();
      if (busBefore === undefined) delete process.env['DBUS_SESSION_BUS_ADDRESS'];
      else process.env['DBUS_SESSION_BUS_ADDRESS'] = busBefore;
      fs.rmSync(tmp, { recursive: true, force: true });
    });

    const cli = (archive: string, args: string[], input?: string) =>
      runCli(['--archive', archive, ...args], {
        env: {
          ...keyring.env,
          MAILTROVE_GOOGLE_CLIENT_ID: '',
          MAILTROVE_MICROSOFT_CLIENT_ID: '',
        },
        ...(input === undefined ? {} : { input }),
        timeoutMs: 30_000,
      });

    it('says what to do when the build has no client id, adding nothing', async () => {
      const archive = path.join(tmp, 'no-client');
      const result = await cli(archive, [
        'account',
        'add',
        'g',
        '--provider',
        'gmail',
        '--user',
        'a@example.org',
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--client-id');
      expect(fs.existsSync(path.join(archive, 'mailtrove.sqlite'))).toBe(false);
    });

    it('stores a refresh token from stdin in the keychain, and replaces it on login', async () => {
      const archive = path.join(tmp, 'byo');
      const first = auth.issueRefreshToken('olga');
      const flags = ['--host', '127.0.0.1', '--port', '1143', '--security', 'none', '--user', 'olga'];
      const added = await cli(
        archive,
        [
          'account',
          'add',
          'work',
          ...flags,
          '--auth',
          'oauth2',
          '--token-url',
          auth.tokenUrl,
          '--client-id',
          auth.clientId,
          '--refresh-token-stdin',
        ],
        `${first}\n`,
      );
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      const account = {
        name: 'work',
        host: '127.0.0.1',
        port: 1143,
        security: 'none' as const,
        user: 'olga',
      };
      const tokens = accountRefreshTokens(createKeychainSecretStore(), account);
      expect(await tokens.get()).toBe(first);

      const second = auth.issueRefreshToken('olga');
      const login = await cli(archive, ['account', 'login', 'work', '--refresh-token-stdin'], second);
      expect(login.code).toBe(0);
      expect(await tokens.get()).toBe(second);
      await tokens.delete();
    });

    it('refuses to sign in a password account with OAuth2', async () => {
      const archive = path.join(tmp, 'password');
      const flags = ['--host', '127.0.0.1', '--port', '1143', '--security', 'none', '--user', 'p'];
      expect((await cli(archive, ['account', 'add', 'pw', ...flags])).code).toBe(0);
      const login = await cli(archive, ['account', 'login', 'pw', '--refresh-token-stdin'], 'x');
      expect(login.code).toBe(2);
      expect(login.stderr).toContain('password, not OAuth2');
    });
  },
);

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultImportOptions, type AccountConfig } from '../../src-shared/domain.ts';
import type { Reply } from '../../src-shared/ipc/contract.ts';
import { addAccount } from '../../src-main/engine/archive/accounts-repo.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { createJobManager } from '../../src-main/engine/jobs/job-manager.ts';
import { createMemorySecretStore } from '../../src-main/engine/secrets/secret-store.ts';
import { startEngineHost } from '../../src-main/handlers/engine-host.ts';
import { runCli } from '../support/cli.ts';
import { startFakeImap, type FakeImapServer } from '../support/fake-imap.ts';
import { keyringAvailable, startKeyring } from '../support/keyring.ts';
import { startServe } from '../support/serve.ts';

/** What MAILTROVE_PASSWORD holds, and the one password the server takes. */
const FROM_VARIABLE = 'from-the-variable';
/** What the keychain holds: an old password the server refuses. */
const FROM_KEYCHAIN = 'old-keychain-password';

const failure = <T>(reply: Reply<T>): { code: string; hint?: string | null } => {
  if (reply.ok) throw new Error('expected a failure');
  return reply.error;
};

describe('MAILTROVE_PASSWORD reaches only the account a CLI command names', () => {
  let server: FakeImapServer;
  let tmp: string;
  const account = (name: string): AccountConfig => ({
    name,
    host: server.host,
    port: server.port,
    security: 'none',
    user: 'alice',
  });
  const passwordsSent = (): string[] => server.logins.map((login) => login.password);

  beforeAll(async () => {
    server = await startFakeImap({
      user: 'alice',
      password: FROM_VARIABLE,
      folders: [{ path: 'INBOX', uidValidity: '1', messages: [] }],
    });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-password-scope-'));
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    server.logins.length = 0;
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the handlers (serve, the app) log in with the keychain password only, whatever the variable says', async () => {
    vi.stubEnv('MAILTROVE_PASSWORD', FROM_VARIABLE);
    const archivePath = path.join(tmp, 'handlers');
    const host = startEngineHost({
      archivePath,
      secrets: createMemorySecretStore(),
      version: 'test',
      createJobs: createJobManager,
    });
    try {
      const { handlers } = host;
      expect(
        (await handlers.invoke('accounts:add', { account: account('work'), password: FROM_KEYCHAIN })).ok,
      ).toBe(true);
      const side = openArchive(archivePath);
      addAccount(side, account('bare'));
      side.close();

      expect(failure(await handlers.invoke('accounts:test', { account: 'work' })).code).toBe('auth');
      expect(failure(await handlers.invoke('folders:list', { account: 'work' })).code).toBe('auth');
      const preview = await handlers.invoke('import:preview', {
        account: 'work',
        options: defaultImportOptions(),
      });
      expect(failure(preview).code).toBe('auth');
      // An import's job logs in before import:start answers.
      const started = await handlers.invoke('import:start', {
        account: 'work',
        options: defaultImportOptions(),
      });
      expect(failure(started).code).toBe('auth');
      // Nothing stored: refused before connecting, and the variable is not offered as a way out.
      const bare = failure(await handlers.invoke('accounts:test', { account: 'bare' }));
      expect(bare.code).toBe('config');
      expect(bare.hint).not.toMatch(/MAILTROVE_PASSWORD/);

      expect(passwordsSent().length).toBeGreaterThanOrEqual(4);
      expect(new Set(passwordsSent())).toEqual(new Set([FROM_KEYCHAIN]));
    } finally {
      await host.close();
    }
  });

  it.skipIf(!keyringAvailable() && process.env['CI'] !== 'true')(
    'under `mailtrove serve` accounts:test sends the keychain password; `account test NAME` sends the variable',
    async () => {
      const keyring = await startKeyring();
      const archive = path.join(tmp, 'serve');
      try {
        const flags = ['--host', server.host, '--port', String(server.port), '--security', 'none'];
        const added = await runCli(
          ['--archive', archive, 'account', 'add', 'work', ...flags, '--user', 'alice', '--password-stdin'],
          { env: { ...keyring.env, MAILTROVE_PASSWORD: '' }, input: `${FROM_KEYCHAIN}\n` },
        );
        expect(added.code, added.stderr).toBe(0);

        const serve = await startServe({
          archive,
          env: { ...keyring.env, MAILTROVE_PASSWORD: FROM_VARIABLE },
        });
        try {
          const url = new URL(serve.url);
          const response = await fetch(new URL('/api/invoke/accounts:test', url), {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${url.searchParams.get('token') ?? ''}`,
            },
            body: JSON.stringify({ account: 'work' }),
          });
          expect(await response.json()).toMatchObject({ ok: false, error: { code: 'auth' } });
        } finally {
          await serve.stop();
        }
        expect(passwordsSent()).toEqual([FROM_KEYCHAIN]);

        const cli = await runCli(['--archive', archive, 'account', 'test', 'work'], {
          env: { ...keyring.env, MAILTROVE_PASSWORD: FROM_VARIABLE },
        });
        expect(cli.code, cli.stderr).toBe(0);
        expect(passwordsSent()).toEqual([FROM_KEYCHAIN, FROM_VARIABLE]);
      } finally {
        await keyring.stop();
      }
    },
  );
});

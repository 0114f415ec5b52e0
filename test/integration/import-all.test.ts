import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli, type CliResult } from '../support/cli.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { keyringAvailable, startKeyring, type KeyringSession } from '../support/keyring.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';

interface AccountResult {
  account: string;
  state: string;
  new: number;
  failed: number;
  error: string | null;
}

describe.skipIf((!dovecotAvailable() || !keyringAvailable()) && process.env['CI'] !== 'true')(
  'mailtrove import --all (for timers)',
  () => {
    let mailbox: TestMailbox;
    let keyring: KeyringSession;
    let archive: string;
    const cli = (args: string[], input?: string): Promise<CliResult> =>
      runCli(['--archive', archive, ...args], {
        env: { ...keyring.env, MAILTROVE_PASSWORD: '' },
        ...(input === undefined ? {} : { input }),
      });

    beforeAll(async () => {
      mailbox = await startTestMailbox({
        user: 'tim',
        corpus: { count: 30, bigAttachments: 0, now: new Date() },
      });
      keyring = await startKeyring();
      archive = path.join(mailbox.tmp, 'archive');
      const add = async (name: string, password: string): Promise<void> => {
        const added = await cli(
          ['account', 'add', name, ...mailbox.accountFlags, '--password-stdin'],
          password,
        );
        expect(added.code, added.stderr).toBe(0);
      };
      await add('tim', mailbox.password);
      await add('stale', 'an old password');
    }, 120_000);

    afterAll(async () => {
      await keyring.stop();
      await mailbox.stop();
    });

    it('imports every account it can, and exits 3 when one cannot log in', async () => {
      const run = await cli(['import', '--all', '--json']);
      expect(run.code, run.stderr).toBe(3);
      const results = jsonLines<AccountResult>(run);
      const byName = new Map(results.map((r) => [r.account, r]));
      expect(results).toHaveLength(2);
      expect(byName.get('tim')).toMatchObject({ state: 'completed', failed: 0 });
      expect(byName.get('tim')?.new).toBeGreaterThan(0);
      expect(byName.get('stale')?.state).toBe('not started');
      expect(byName.get('stale')?.error).toMatch(/password|log ?in|auth/i);
    });

    it('exits 0 once every account tops up, with nothing new the second time', async () => {
      expect((await cli(['account', 'remove', 'stale'])).code).toBe(0);
      const run = await cli(['import', '--all']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/tim: completed, 0 new, 0 failed/);
    });

    it('refuses a name with --all, and no name without it (exit 2)', async () => {
      expect((await cli(['import', 'tim', '--all'])).code).toBe(2);
      expect((await cli(['import'])).code).toBe(2);
    });
  },
);

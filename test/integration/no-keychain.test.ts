import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { json, runCli } from '../support/cli.ts';

/** A machine with no Secret Service: the D-Bus address leads nowhere. */
const NO_KEYCHAIN = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', MAILTROVE_PASSWORD: '' };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-nokeychain-'));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const addFlags = ['account', 'add', 'work', '--host', '127.0.0.1', '--user', 'me', '--security', 'none'];

describe('adding an account where there is no OS keychain', () => {
  it('--password-stdin stops with both ways forward and adds nothing', async () => {
    const archive = path.join(tmp, 'a');
    const result = await runCli(['--archive', archive, ...addFlags, '--password-stdin'], {
      env: NO_KEYCHAIN,
      input: 'secret\n',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/keychain is not available/);
    expect(result.stderr).toMatch(/Two ways forward/);
    expect(result.stderr).toMatch(/unlock your keyring/);
    expect(result.stderr).toMatch(/without --password-stdin .* MAILTROVE_PASSWORD set/s);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    // No blank line before the error: it starts the output.
    expect(result.stderr.startsWith('mailtrove: ')).toBe(true);
    const list = await runCli(['--archive', archive, '--json', 'account', 'list'], { env: NO_KEYCHAIN });
    expect(json<unknown[]>(list)).toEqual([]);
  });

  it('with MAILTROVE_PASSWORD set, --password-stdin adds the account without storing, and says so', async () => {
    const archive = path.join(tmp, 'b');
    const env = { ...NO_KEYCHAIN, MAILTROVE_PASSWORD: 'from-env' };
    const result = await runCli(['--archive', archive, '--json', ...addFlags, '--password-stdin'], {
      env,
      input: 'secret\n',
    });
    expect(result.code).toBe(0);
    expect(json<{ passwordStored: boolean }>(result).passwordStored).toBe(false);
    expect(result.stderr).toMatch(/MAILTROVE_PASSWORD is set, so the password is not read or stored/);
    const list = await runCli(['--archive', archive, '--json', 'account', 'list'], { env });
    expect(json<{ name: string }[]>(list).map((a) => a.name)).toEqual(['work']);
  });
});

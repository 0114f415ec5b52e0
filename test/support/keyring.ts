import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import readline from 'node:readline';
import { reapOnExit } from './reaper.ts';

export interface KeyringSession {
  /** environment for child processes that should see this keychain */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export function keyringAvailable(): boolean {
  return ['dbus-daemon', 'gnome-keyring-daemon', 'dbus-send'].every((bin) => {
    try {
      execFileSync('which', [bin], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * A private D-Bus session with an unlocked gnome-keyring (the Secret Service), in its own temp HOME, so
 * tests use the real OS keychain path without touching the user's.
 */
export async function startKeyring(): Promise<KeyringSession> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-keyring-'));
  const home = path.join(dir, 'home');
  const runtime = path.join(dir, 'run');
  fs.mkdirSync(home);
  fs.mkdirSync(runtime, { mode: 0o700 });
  const base = { ...process.env, HOME: home, XDG_RUNTIME_DIR: runtime };
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    for (const child of children.reverse()) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    // Paths under `dir` on both command lines let the run's teardown find them if this process dies.
    const busArgs = [
      '--session',
      `--address=unix:path=${runtime}/bus`,
      '--print-address=1',
      '--nofork',
      '--nopidfile',
    ];
    const bus = spawn('dbus-daemon', busArgs, { env: base, stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(bus);
    reapOnExit(bus, { detached: false });
    const address = await firstLine(bus, 5000);
    const env = { ...base, DBUS_SESSION_BUS_ADDRESS: address };
    const keyringArgs = [
      '--foreground',
      '--unlock',
      '--components=secrets',
      `--control-directory=${runtime}/keyring`,
    ];
    const keyring = spawn('gnome-keyring-daemon', keyringArgs, { env, stdio: ['pipe', 'ignore', 'ignore'] });
    children.push(keyring);
    reapOnExit(keyring, { detached: false });
    keyring.stdin.end('mailtrove-test-keyring');
    await waitForSecretService(env, 5000);
    return { env, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  if (!child.stdout) throw new Error('dbus-daemon has no stdout');
  const lines = readline.createInterface({ input: child.stdout });
  try {
    const [line] = (await once(lines, 'line', { signal: AbortSignal.timeout(timeoutMs) })) as [string];
    return line.trim();
  } finally {
    lines.close();
  }
}

async function waitForSecretService(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const reply = execFileSync(
      'dbus-send',
      [
        '--session',
        '--dest=org.freedesktop.DBus',
        '--type=method_call',
        '--print-reply',
        '/org/freedesktop/DBus',
        'org.freedesktop.DBus.NameHasOwner',
        'string:org.freedesktop.secrets',
      ],
      { env, encoding: 'utf8' },
    );
    if (reply.includes('boolean true')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('gnome-keyring did not register the Secret Service in time');
}

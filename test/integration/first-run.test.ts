/** What a newcomer meets first: `npm start` without Electron's binary, and `npm run web`. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { finish } from '../support/cli.ts';
import { reapOnExit } from '../support/reaper.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-first-run-'));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A loopback port with nothing listening: a download from it fails at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A copy of the Electron package as npm leaves it: the installer is there, the binary is not. */
function electronWithoutBinary(): string {
  const real = path.join(root, 'node_modules', 'electron');
  const dir = path.join(tmp, 'pkg', 'electron');
  fs.mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'install.js', 'checksums.json']) {
    fs.copyFileSync(path.join(real, file), path.join(dir, file));
  }
  // The installer's own dependencies resolve from the project, as they would inside node_modules.
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(tmp, 'pkg', 'node_modules'));
  return dir;
}

describe('npm start where Electron cannot be downloaded', () => {
  it('says what failed, how to retry and that `npm run web` works, without a stack trace', async () => {
    const port = await closedPort();
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'electron.ts'), 'preview'], {
      cwd: root,
      env: {
        ...process.env,
        MAILTROVE_ELECTRON_DIR: electronWithoutBinary(),
        ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
        electron_config_cache: path.join(tmp, 'electron-cache'),
        ELECTRON_EXEC_PATH: '',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const result = await finish(child, 60_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/needs Electron \d+\.\d+\.\d+, and it could not be downloaded/);
    expect(result.stderr).toMatch(/What failed: .+/);
    expect(result.stderr).toMatch(/To retry: run the same command again/);
    expect(result.stderr).toContain('`npm run web` opens the same app in your browser');
    expect(result.stderr + result.stdout).not.toMatch(/^\s+at /m);
  });
});

describe('npm run web', () => {
  /** Starts scripts/web.ts with a stand-in xdg-open that records what it was asked to open. */
  function startWeb(extra: string[]): { child: ChildProcessWithoutNullStreams; opened: string } {
    const bin = path.join(tmp, `bin-${extra.length}`);
    const opened = path.join(tmp, `opened-${extra.length}.txt`);
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\necho "$@" > ${opened}\n`, { mode: 0o755 });
    const archive = path.join(tmp, `archive-${extra.length}`);
    const child = spawn(
      process.execPath,
      [path.join(root, 'scripts', 'web.ts'), '--archive', archive, ...extra],
      {
        cwd: root,
        env: { ...process.env, DISPLAY: ':99', PATH: `${bin}:${process.env['PATH'] ?? ''}` },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    reapOnExit(child, { detached: false });
    return { child, opened };
  }

  async function firstLines(child: ChildProcessWithoutNullStreams, count: number): Promise<string[]> {
    const lines: string[] = [];
    const reader = readline.createInterface({ input: child.stdout });
    for await (const line of reader) {
      lines.push(line);
      if (lines.length === count) break;
    }
    return lines;
  }

  async function stop(child: ChildProcessWithoutNullStreams): Promise<void> {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }

  it('prints the address first, shows it again plainly, and opens the browser on a desktop', async () => {
    const { child, opened } = startWeb([]);
    try {
      const lines = await firstLines(child, 5);
      expect(lines[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\S*$/);
      expect(lines).toContain(`    ${lines[0] ?? ''}`);
      const deadline = Date.now() + 5000;
      while (!fs.existsSync(opened) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(fs.readFileSync(opened, 'utf8').trim()).toBe(lines[0]);
    } finally {
      await stop(child);
    }
  });

  it('opens nothing with --no-open', async () => {
    const { child, opened } = startWeb(['--no-open']);
    try {
      const lines = await firstLines(child, 7);
      expect(lines.join('\n')).toContain('--no-open: not opening a browser');
      expect(fs.existsSync(opened)).toBe(false);
    } finally {
      await stop(child);
    }
  });
});

/**
 * `npm start` and `npm run dev`: make sure Electron's binary is there, then hand over to electron-vite.
 *
 * npm does not run Electron's install step for us, so on first run the binary is missing. We fetch it with
 * Electron's own installer (its package's install.js), showing the bytes as they arrive; where that fails
 * (no internet, a proxy, a blocked host) the user gets one paragraph saying what failed, how to retry and
 * that `npm run web` opens the same app in a browser — never a stack trace.
 *
 * Usage: node scripts/electron.ts preview|dev [electron-vite options…]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

/** Test hook: the Electron package to use instead of node_modules/electron. */
const PACKAGE_DIR_ENV = 'MAILTROVE_ELECTRON_DIR';

interface ElectronPackage {
  dir: string;
  version: string;
}

function electronPackage(): ElectronPackage {
  const dir = process.env[PACKAGE_DIR_ENV] ?? path.dirname(require.resolve('electron/package.json'));
  const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { dir, version };
}

/** The installed binary's path, or null when Electron's installer has not run (or left no binary). */
export function installedBinary(dir: string): string | null {
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  let relative: string;
  try {
    relative = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  const binary = path.join(override ?? path.join(dir, 'dist'), relative);
  return fs.existsSync(binary) ? binary : null;
}

function bytesUnder(dir: string): number {
  let total = 0;
  try {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
    }
  } catch {
    // The installer creates and removes its directories as it goes.
  }
  return total;
}

interface InstallResult {
  ok: boolean;
  /** everything the installer printed, kept in a log file for the curious */
  output: string;
}

/**
 * Runs Electron's install.js. Its own progress bar only draws on a terminal it owns, and we need its
 * error text, so we give it a temp directory of ours and report the download's size as it grows there.
 */
async function runInstaller(pkg: ElectronPackage): Promise<InstallResult> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-electron-'));
  const child = spawn(process.execPath, [path.join(pkg.dir, 'install.js')], {
    cwd: pkg.dir,
    env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const started = Date.now();
  const live = process.stderr.isTTY;
  const report = (): void => {
    const mb = (bytesUnder(tmp) / 1e6).toFixed(1);
    const line = `Downloading Electron ${pkg.version}: ${mb} MB (${Math.round((Date.now() - started) / 1000)} s)`;
    process.stderr.write(live ? `\r\u001b[2K${line}` : `${line}\n`);
  };
  const timer = setInterval(report, live ? 500 : 10_000);
  const code = await new Promise<number>((resolve) => {
    child.once('error', (error) => {
      output += `${error.message}\n`;
      resolve(1);
    });
    child.once('close', (c) => {
      resolve(c ?? 1);
    });
  });
  clearInterval(timer);
  if (live) process.stderr.write('\r\u001b[2K');
  fs.rmSync(tmp, { recursive: true, force: true });
  return { ok: code === 0, output };
}

/** The installer's first line that is not a stack frame: "TypeError: fetch failed", "HTTPError: …". */
export function firstProblem(output: string): string {
  const line = output
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('at ') && !l.startsWith('Downloading'));
  return line ?? 'the installer stopped without saying why';
}

function failureText(pkg: ElectronPackage, output: string, logFile: string): string {
  return [
    '',
    `MailTrove's desktop window needs Electron ${pkg.version}, and it could not be downloaded.`,
    `  What failed: ${firstProblem(output)} (the installer's full output: ${logFile}).`,
    '  To retry: run the same command again once you are online; behind a proxy, set HTTPS_PROXY first,',
    '  or point ELECTRON_MIRROR at a mirror you can reach.',
    '  Meanwhile, `npm run web` opens the same app in your browser, with no Electron needed.',
    '',
  ].join('\n');
}

async function ensureElectron(): Promise<string | null> {
  const fromEnv = process.env['ELECTRON_EXEC_PATH'];
  if (fromEnv !== undefined && fs.existsSync(fromEnv)) return fromEnv;
  const pkg = electronPackage();
  const existing = installedBinary(pkg.dir);
  if (existing !== null) return existing;
  process.stderr.write(
    `Electron ${pkg.version} is not installed yet: fetching it once with Electron's own installer (about 100 MB).\n`,
  );
  const result = await runInstaller(pkg);
  const binary = result.ok ? installedBinary(pkg.dir) : null;
  if (binary !== null) return binary;
  const logFile = path.join(os.tmpdir(), 'mailtrove-electron-install.log');
  fs.writeFileSync(logFile, result.output);
  process.stderr.write(failureText(pkg, result.output, logFile));
  return null;
}

async function main(): Promise<number> {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode !== 'preview' && mode !== 'dev') {
    process.stderr.write('usage: node scripts/electron.ts preview|dev [electron-vite options…]\n');
    return 2;
  }
  const binary = await ensureElectron();
  if (binary === null) return 1;
  const cli = path.join(
    path.dirname(require.resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  );
  const child = spawn(process.execPath, [cli, mode, ...rest], {
    cwd: root,
    env: { ...process.env, ELECTRON_EXEC_PATH: binary },
    stdio: 'inherit',
  });
  return new Promise((resolve) => {
    child.once('close', (code, signal) => {
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}

if (import.meta.main) process.exitCode = await main();

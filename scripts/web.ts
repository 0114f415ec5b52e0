/**
 * `npm run web`: builds the app if its files are missing or older than the renderer's sources, runs
 * `mailtrove serve` with any further arguments (`npm run web -- --port 8080 --archive DIR`), shows its
 * address plainly (npm's own banner comes first, so the address must stand out) and opens it in the
 * browser when there is a desktop to open it on (`--no-open` to skip).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const root = path.resolve(import.meta.dirname, '..');
const builtIndex = path.join(root, 'out', 'renderer', 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile())
      newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

const sources = [path.join(root, 'src-renderer'), path.join(root, 'src-shared')];
const stale =
  !fs.existsSync(builtIndex) || Math.max(...sources.map(newestMtime)) > fs.statSync(builtIndex).mtimeMs;
if (stale) {
  process.stderr.write('Building the app (electron-vite build)…\n');
  const build = spawnSync('npx', ['electron-vite', 'build'], {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const args = process.argv.slice(2);
const noOpen = args.includes('--no-open');
if (noOpen) args.splice(args.indexOf('--no-open'), 1);
// --archive is a global option of the CLI, so it goes before the command.
const archiveAt = args.indexOf('--archive');
const global = archiveAt === -1 ? [] : args.splice(archiveAt, 2);
const serve = spawn(process.execPath, [path.join(root, 'bin', 'mailtrove.js'), ...global, 'serve', ...args], {
  cwd: root,
  stdio: ['inherit', 'pipe', 'inherit'],
});
// Ctrl-C reaches the server through the terminal's process group; this process only waits for it.
// A SIGTERM or SIGHUP sent to this process alone is passed on, so the server never outlives it.
process.on('SIGINT', () => undefined);
for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => serve.kill(signal));
serve.on('exit', (code) => {
  process.exit(code ?? 1);
});

const lines = readline.createInterface({ input: serve.stdout });
lines.once('line', (url) => {
  // The address alone first, as `mailtrove serve` prints it, for scripts that read the first line.
  process.stdout.write(`${url}\n`);
  const opener = noOpen ? null : browserOpener();
  process.stdout.write(
    [
      '',
      '  MailTrove is running. Open this address in your browser:',
      '',
      `    ${url}`,
      '',
      opener === null
        ? noOpen
          ? '  (--no-open: not opening a browser.)'
          : '  (No desktop found to open a browser on: copy the address.)'
        : '  Opening it in your browser now.',
      '  Ctrl-C stops the server.',
      '',
      '',
    ].join('\n'),
  );
  if (opener !== null) {
    const child = spawn(opener.command, [...opener.args, url], { stdio: 'ignore', detached: true });
    child.on('error', () => {
      process.stdout.write(`  Could not start ${opener.command}: open the address yourself.\n`);
    });
    child.unref();
  }
  lines.on('line', (line) => process.stdout.write(`${line}\n`));
});

/** The desktop's "open this URL" command, or null on a machine with no desktop session. */
function browserOpener(): { command: string; args: string[] } | null {
  if (process.platform === 'darwin') return { command: 'open', args: [] };
  if (process.platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  const desktop = process.env['DISPLAY'] ?? process.env['WAYLAND_DISPLAY'];
  return desktop === undefined || desktop === '' ? null : { command: 'xdg-open', args: [] };
}

/**
 * `npm run web`: builds the app if its files are missing or older than the renderer's sources, then runs
 * `mailtrove serve` with any further arguments (`npm run web -- --port 8080 --archive DIR`).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

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
// --archive is a global option of the CLI, so it goes before the command.
const archiveAt = args.indexOf('--archive');
const global = archiveAt === -1 ? [] : args.splice(archiveAt, 2);
const serve = spawn(process.execPath, [path.join(root, 'bin', 'mailtrove.js'), ...global, 'serve', ...args], {
  cwd: root,
  stdio: 'inherit',
});
// Ctrl-C reaches the server through the terminal's process group; this process only waits for it.
process.on('SIGINT', () => undefined);
serve.on('exit', (code) => {
  process.exit(code ?? 1);
});

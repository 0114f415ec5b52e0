/** `mailtrove serve` as a child process for e2e tests, and the renderer build it serves. */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { reapOnExit } from './reaper.ts';

export interface ServeProcess {
  /** the address printed on the first stdout line, with its ?token=… */
  url: string;
  stderr(): string;
  stop(): Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    latest = Math.max(latest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

/**
 * The server serves out/renderer/, which `npm run build` writes. Build it when it is missing or older than
 * the renderer's sources, so the test never drives yesterday's window.
 */
export function ensureRendererBuilt(root: string = repoRoot): void {
  const index = path.join(root, 'out/renderer/index.html');
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = Math.max(newest(path.join(root, 'src-renderer')), newest(path.join(root, 'src-shared')));
  if (built >= sources) return;
  const cli = path.join(root, 'node_modules/electron-vite/bin/electron-vite.js');
  execFileSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'pipe' });
}

export async function startServe(options: {
  archive: string;
  env?: NodeJS.ProcessEnv;
  args?: string[];
}): Promise<ServeProcess> {
  const bin = path.join(repoRoot, 'bin/mailtrove.js');
  // Without --port, serve takes any free port (it refuses `--port 0`).
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--archive', options.archive, ...(options.args ?? [])],
    { cwd: repoRoot, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  reapOnExit(child, { detached: false });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });

  const lines = readline.createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`mailtrove serve printed no URL within 20 s; stderr:\n${stderr}`));
    }, 20_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      const found = /https?:\/\/\S+/.exec(line);
      if (found === null) reject(new Error(`mailtrove serve's first line has no URL: ${line}`));
      else resolve(found[0]);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mailtrove serve exited (${code}) before printing its URL; stderr:\n${stderr}`));
    });
  });
  // Keep reading so a chatty server never blocks on a full pipe.
  lines.on('line', () => undefined);

  return {
    url,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

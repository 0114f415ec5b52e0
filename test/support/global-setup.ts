/**
 * Vitest's global setup: every temp file of the run goes under one directory (TMPDIR, inherited by the
 * workers and the servers they start), and the teardown kills whatever a crashed or interrupted test
 * left running there before it removes the directory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Pids whose command line names `dir` (a Dovecot config, an archive, a D-Bus socket under it). */
export function processesUnder(dir: string): number[] {
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid || pid === process.ppid) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)) found.push(pid);
    } catch {
      // Exited while we looked.
    }
  }
  return found;
}

/** Kills each process, and its whole group when it leads one (Dovecot's master and its children). */
export function killStragglers(dir: string): number[] {
  const pids = process.platform === 'linux' ? processesUnder(dir) : [];
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start after its closing parenthesis.
      const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      process.kill(group === pid ? -pid : pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  return pids;
}

export default function setup(): () => void {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-tests-'));
  // Dovecot's auth and mail processes run as other users and must walk down to their servers' files.
  fs.chmodSync(runDir, 0o755);
  process.env['TMPDIR'] = runDir;
  return () => {
    const killed = killStragglers(runDir);
    if (killed.length > 0)
      process.stderr.write(`test teardown: killed ${killed.length} leftover process(es)\n`);
    fs.rmSync(runDir, { recursive: true, force: true });
  };
}

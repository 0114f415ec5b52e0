import fs from 'node:fs';
import Database from 'better-sqlite3';
import { finish, spawnCli } from '../test/support/cli.ts';

export interface Measured {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
  peakRssBytes: number;
  /** user + system CPU seconds of the process and its threads (sampled, so up to 200 ms short) */
  cpuSeconds: number;
  /** messages/s over the first and the second half of the memberships written */
  halves: [number, number] | null;
  /**
   * The highest resident size while messages were still being written, and after the last one landed
   * (threading the archive, closing): which part of the run set the peak.
   */
  rssPhases: { writing: number; after: number } | null;
}

/**
 * Runs the CLI, sampling its peak RSS (VmHWM covers the worker threads too) and, when an archive file is
 * given, how many memberships it holds over time, to compare the two halves of the run.
 */
export async function runMeasured(
  args: string[],
  env: NodeJS.ProcessEnv,
  archiveFile?: string,
): Promise<Measured> {
  const started = performance.now();
  const child = spawnCli(args, { env });
  const done = finish(child, 6 * 3600_000);
  let peak = 0;
  let cpuTicks = 0;
  const samples: { t: number; n: number; rss: number }[] = [];
  let rss = 0;
  let reader: Database.Database | null = null;
  const timer = setInterval(() => {
    try {
      const status = fs.readFileSync(`/proc/${child.pid ?? 0}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm?.[1]) peak = Math.max(peak, Number(hwm[1]) * 1024);
      const current = /VmRSS:\s+(\d+) kB/.exec(status);
      if (current?.[1]) rss = Number(current[1]) * 1024;
      // Fields 14 and 15 of /proc/PID/stat (utime, stime), after the parenthesised command name.
      const stat = fs.readFileSync(`/proc/${child.pid ?? 0}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpuTicks = Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process has exited
    }
    if (archiveFile && fs.existsSync(archiveFile)) {
      try {
        reader ??= new Database(archiveFile, { readonly: true });
        samples.push({
          t: performance.now(),
          n: reader.prepare('SELECT count(*) FROM memberships').pluck().get() as number,
          rss,
        });
      } catch {
        // schema not there yet
      }
    }
  }, 200);
  const { code, stdout, stderr } = await done;
  clearInterval(timer);
  (reader as Database.Database | null)?.close();
  return {
    code,
    stdout,
    stderr,
    seconds: (performance.now() - started) / 1000,
    peakRssBytes: peak,
    cpuSeconds: cpuTicks / 100,
    halves: halves(samples),
    rssPhases: rssPhases(samples),
  };
}

interface Sample {
  t: number;
  n: number;
  rss: number;
}

/** Sampled every 200 ms, so a short spike can be missed: VmHWM (peakRssBytes) is the exact peak. */
function rssPhases(samples: Sample[]): Measured['rssPhases'] {
  const final = samples.at(-1)?.n;
  const landed = samples.findIndex((s) => s.n === final);
  if (final === undefined || final === 0 || landed < 0) return null;
  const max = (list: Sample[]): number => Math.max(0, ...list.map((s) => s.rss));
  return { writing: max(samples.slice(0, landed)), after: max(samples.slice(landed)) };
}

function halves(samples: Sample[]): [number, number] | null {
  const first = samples.find((s) => s.n > 0);
  // When the last membership landed, not when the process ended: the re-thread and the exit after it
  // write no memberships and would count against the second half.
  const final = samples.at(-1)?.n;
  const last = samples.find((s) => s.n === final);
  if (!first || !last || last.n - first.n < 100) return null;
  const middle = first.n + (last.n - first.n) / 2;
  const mid = samples.find((s) => s.n >= middle);
  if (!mid || mid.t === first.t || last.t === mid.t) return null;
  return [((mid.n - first.n) / (mid.t - first.t)) * 1000, ((last.n - mid.n) / (last.t - mid.t)) * 1000];
}

/** Adds the benchmark's account `bench` to a new archive, for `user` on an unencrypted local server. */
export async function addBenchAccount(
  archive: string,
  server: { host: string; port: number },
  user: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const added = await runMeasured(
    [
      '--archive',
      archive,
      'account',
      'add',
      'bench',
      '--host',
      server.host,
      '--port',
      String(server.port),
    ].concat(['--security', 'none', '--user', user]),
    env,
  );
  if (added.code !== 0) throw new Error(`account add failed (${added.code}): ${added.stderr}`);
}

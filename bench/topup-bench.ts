/**
 * An unchanged mailbox's top-up, timed next to mbsync's no-change sync of the same mailbox: both run
 * again over what they already hold (the import round's archive, the mbsync round's Maildir and sync
 * state), taking turns, so the two see the same machine and the same warm Dovecot.
 */
import path from 'node:path';
import { runMeasured } from './measure.ts';
import { timeMbsync } from './mbsync.ts';

export interface TopUpBench {
  /** the archive a full import filled, with its account `bench` */
  archive: string;
  /** the work dir of an mbsync run that pulled the whole mailbox (null: no mbsync here) */
  mbsyncWork: string | null;
  server: { host: string; port: number };
  user: string;
  password: string;
  /** the --folders of the import, so the top-up reads the same folders */
  folders: string;
  turns: number;
  /** flushes pending writes and collects garbage before each timed run */
  settle: () => void;
}

/** Prints each turn and the medians; throws when a top-up finds anything new (the mailbox is unchanged). */
export async function benchTopUp(bench: TopUpBench): Promise<void> {
  const env = { MAILTROVE_PASSWORD: bench.password };
  const topUps: number[] = [];
  const syncs: number[] = [];
  for (let turn = 1; turn <= bench.turns; turn += 1) {
    if (bench.mbsyncWork !== null) {
      bench.settle();
      const run = timeMbsync(bench.mbsyncWork, bench.server, bench.user, bench.password);
      syncs.push(run.seconds);
    }
    bench.settle();
    const run = await runMeasured(
      ['--archive', bench.archive, 'import', 'bench', '--folders', bench.folders, '--json'],
      env,
    );
    if (run.code !== 0) throw new Error(`top-up failed (${run.code}): ${run.stderr}`);
    const summary = JSON.parse(run.stdout) as { new: number; fetched: number };
    if (summary.new !== 0 || summary.fetched !== 0) {
      throw new Error(`an unchanged mailbox's top-up fetched ${summary.fetched} (${summary.new} new)`);
    }
    topUps.push(run.seconds);
    const mbsync = bench.mbsyncWork === null ? '' : `, mbsync no-change sync ${syncs.at(-1)?.toFixed(2)} s`;
    console.log(`top-up turn ${turn}: mailtrove ${run.seconds.toFixed(2)} s (0 new)${mbsync}`);
  }
  const topUp = median(topUps);
  console.log(`unchanged mailbox, top-up (median of ${topUps.length}): ${topUp.toFixed(2)} s`);
  if (syncs.length > 0) {
    const sync = median(syncs);
    console.log(
      `  mbsync no-change sync (median of ${syncs.length}): ${sync.toFixed(2)} s; top-up / mbsync ${(topUp / sync).toFixed(2)} ×`,
    );
  }
}

/** The work dir of the last mbsync round, as import-bench.ts names them. */
export function mbsyncWorkOf(work: string, round: number): string {
  return path.join(work, `mbsync-${round}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

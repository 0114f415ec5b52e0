/**
 * The latency section of `npm run bench`: the same import over loopback and through the fault proxy
 * adding 20 ms and 100 ms of round trip, to show how much of a real network's latency the import hides.
 */
import path from 'node:path';
import { startFaultProxy } from '../test/support/fault-proxy.ts';
import { addBenchAccount, runMeasured } from './measure.ts';

export interface LatencyBenchInput {
  work: string;
  host: string;
  port: number;
  user: string;
  password: string;
  /** how many of the newest messages each run imports */
  messages: number;
}

export async function benchLatency(input: LatencyBenchInput): Promise<void> {
  console.log('');
  console.log(
    `latency: importing the newest ${input.messages} messages over loopback and through a delaying proxy`,
  );
  let loopback: number | null = null;
  for (const roundTripMs of [0, 20, 100]) {
    const proxy = await startFaultProxy(
      { host: input.host, port: input.port },
      { latencyMs: roundTripMs / 2 },
    );
    try {
      const archive = path.join(input.work, `latency-${roundTripMs}`);
      const env = { MAILTROVE_PASSWORD: input.password };
      await addBenchAccount(archive, proxy, input.user, env);
      const run = await runMeasured(
        ['--archive', archive, 'import', 'bench', '--max-messages', String(input.messages), '--json'],
        env,
      );
      if (run.code !== 0) throw new Error(`import failed (${run.code}): ${run.stderr}`);
      const summary = JSON.parse(run.stdout) as { fetched: number };
      loopback ??= run.seconds;
      const label = roundTripMs === 0 ? 'loopback      ' : `${String(roundTripMs).padStart(3)} ms round trip`;
      console.log(
        `  ${label}: ${run.seconds.toFixed(1)} s, ${(summary.fetched / run.seconds).toFixed(0)} msg/s` +
          (roundTripMs === 0 ? '' : ` (${(run.seconds / loopback).toFixed(2)} × loopback)`),
      );
    } finally {
      await proxy.close();
    }
  }
}

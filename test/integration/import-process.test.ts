/**
 * `mailtrove import` replaces its own process with one started with the memory settings that keep a long
 * import under its cap (engine/memory-tuning.ts); a user's own setting wins over each of them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-import-process-'));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Preloaded into every process the CLI starts; the tuned one reports how it was started. */
const probe = path.join(tmp, 'probe.mjs');
fs.writeFileSync(
  probe,
  `if (process.env.MAILTROVE_TUNED === '1') {
  const { MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_ } = process.env;
  process.stderr.write('PROBE ' + JSON.stringify({ execArgv: process.execArgv, MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_ }) + '\\n');
}
`,
);

interface Started {
  execArgv: string[];
  MALLOC_ARENA_MAX?: string;
  MALLOC_MMAP_THRESHOLD_?: string;
}

async function startedAs(env: NodeJS.ProcessEnv): Promise<Started> {
  const result = await runCli(['import', '--help'], {
    env: { ...env, NODE_OPTIONS: `--import=${probe}` },
    timeoutMs: 30_000,
  });
  expect(result.code, result.stderr).toBe(0);
  const line = result.stderr.split('\n').find((l) => l.startsWith('PROBE '));
  if (line === undefined) throw new Error(`the import did not restart tuned:\n${result.stderr}`);
  return JSON.parse(line.slice('PROBE '.length)) as Started;
}

describe.runIf(process.platform === 'linux')('the import process', () => {
  it('starts with the allocator settings and smaller V8 heaps', async () => {
    const started = await startedAs({ MALLOC_ARENA_MAX: undefined, MALLOC_MMAP_THRESHOLD_: undefined });
    expect(started.MALLOC_ARENA_MAX).toBe('2');
    expect(started.MALLOC_MMAP_THRESHOLD_).toBe('131072');
    expect(started.execArgv).toEqual(
      expect.arrayContaining(['--max-semi-space-size=2', '--max-old-space-size=1024', '--optimize-for-size']),
    );
  });

  it("keeps the user's own allocator settings", async () => {
    const started = await startedAs({ MALLOC_ARENA_MAX: '8', MALLOC_MMAP_THRESHOLD_: '1048576' });
    expect(started.MALLOC_ARENA_MAX).toBe('8');
    expect(started.MALLOC_MMAP_THRESHOLD_).toBe('1048576');
  });
});

/** `mailtrove search` and `export --query` refuse a too deep or too long query with exit 2 and a reason. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { runCli } from '../support/cli.ts';

const nested = (depth: number): string => `${'a -('.repeat(depth)}b${')'.repeat(depth)}`;

describe('queries past the limits in the CLI', () => {
  let tmp: string;
  let archive: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-query-limits-'));
    archive = path.join(tmp, 'archive');
    openArchive(archive, { create: true }).close();
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it.each([
    // 40 levels was an "fts5: parser stack overflow" blamed on the disk; 5,000 a RangeError stack trace.
    ['40 nested groups', nested(40), /nests parentheses too deeply: .* at most 16 levels are allowed\./],
    ['5,000 nested groups', nested(5000), /too long: 25001 characters, and at most 2000 are allowed\./],
    ['a 2,001-character query', 'x'.repeat(2001), /too long: 2001 characters/],
  ])('search with %s exits 2 and says why, without a stack trace', async (_what, query, reason) => {
    const result = await runCli(['--archive', archive, 'search', query]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(reason);
    expect(result.stderr).not.toMatch(/disk|RangeError|unexpected error|\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('export --query refuses the same way, writing nothing', async () => {
    const out = path.join(tmp, 'out.mbox');
    const result = await runCli([
      '--archive',
      archive,
      'export',
      '--query',
      nested(40),
      '--format',
      'mbox',
      '--out',
      out,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/nests parentheses too deeply/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('still searches at the cap', async () => {
    const result = await runCli(['--archive', archive, 'search', nested(16)]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/No messages match/);
  });
});

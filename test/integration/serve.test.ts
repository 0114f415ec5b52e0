import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finish, spawnCli } from '../support/cli.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-serve-'));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('mailtrove serve', () => {
  it('prints its address with the token first, serves the contract, and stops cleanly on Ctrl-C', async () => {
    const child = spawnCli(['--archive', path.join(tmp, 'archive'), 'serve']);
    const done = finish(child, 30_000);
    const firstLine = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
      });
    });
    expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32,}$/);
    const url = new URL(firstLine);
    const response = await fetch(new URL('/api/invoke/app:info', url), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${url.searchParams.get('token') ?? ''}`,
      },
      body: '{}',
    });
    expect(await response.json()).toMatchObject({
      ok: true,
      value: { archivePath: path.join(tmp, 'archive', 'mailtrove.sqlite') },
    });
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Pausing imports/);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dovecotAvailable, greets, startDovecot } from './dovecot.ts';
import { killStragglers, processesUnder } from './global-setup.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-harness-'));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until no process names `dir`, up to `ms`; returns what is left. */
async function goneWithin(dir: string, ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let left = processesUnder(dir);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(50);
    left = processesUnder(dir);
  }
  return left;
}

/** A separate test process that starts a Dovecot under `dir`, as a test file's worker would. */
async function dovecotInChild(dir: string): Promise<ChildProcess> {
  const script = `
    import { startDovecot } from ${JSON.stringify(path.join(import.meta.dirname, 'dovecot.ts'))};
    await startDovecot({ users: [{ user: 'u', password: 'p' }], dir: ${JSON.stringify(dir)} });
    console.log('ready');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'pipe' });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 15_000;
  while (!out.includes('ready') && child.exitCode === null && Date.now() < deadline) await sleep(50);
  if (!out.includes('ready')) throw new Error(`the child did not start its Dovecot: ${out}`);
  return child;
}

describe('the readiness probe', () => {
  it('answers "not ready" at once for a server that accepts and hangs up', async () => {
    const server = createServer((socket) => socket.end());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const started = Date.now();
      expect(await greets((server.address() as AddressInfo).port)).toBe(false);
      // Not the one-second silence timeout: the hang-up itself is the answer.
      expect(Date.now() - started).toBeLessThan(900);
    } finally {
      server.close();
    }
  });
});

// Under CI a missing Dovecot is an install bug, not a reason to skip.
describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')('test servers on every path', () => {
  it('a Dovecot whose logins die fails to start with its log, and leaves no process', async () => {
    const dir = path.join(tmp, 'closing');
    // The master accepts on the port, then the login process it hands the connection to exits at once.
    const extraConfig = 'service imap-login {\n  executable = /bin/false\n}\n';
    const started = Date.now();
    const error = await startDovecot({ users: [{ user: 'u', password: 'p' }], dir, extraConfig }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/did not accept connections .* within 10000 ms/);
    expect(error?.message).toMatch(/Log:/);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await goneWithin(dir, 2000)).toEqual([]);
  });

  it('a test process stopped with Ctrl-C takes its Dovecot down with it', async () => {
    const dir = path.join(tmp, 'interrupted');
    const child = await dovecotInChild(dir);
    expect(processesUnder(dir).length).toBeGreaterThan(0);
    child.kill('SIGINT');
    const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
    expect(signal).toBe('SIGINT');
    expect(await goneWithin(dir, 3000)).toEqual([]);
  });

  it("the run's teardown kills a server whose test process died without cleaning up", async () => {
    const dir = path.join(tmp, 'orphaned');
    const child = await dovecotInChild(dir);
    // SIGKILL: no exit hook runs, as when a worker is killed; the server is orphaned.
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(processesUnder(dir).length).toBeGreaterThan(0);
    expect(killStragglers(dir).length).toBeGreaterThan(0);
    expect(await goneWithin(dir, 3000)).toEqual([]);
  });
});

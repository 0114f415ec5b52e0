import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultImportOptions } from '../../src-shared/domain.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { createJobManager } from '../../src-main/engine/jobs/job-manager.ts';
import { readRunLog } from '../../src-main/engine/logs/run-log-file.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { gmailThrottled, startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';

describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')('run logs of troubled runs', () => {
  let mailbox: TestMailbox;
  let proxy: FaultProxy | null = null;
  let db: Database.Database | null = null;

  beforeAll(async () => {
    mailbox = await startTestMailbox({ user: 'rae', corpus: { count: 150, bigAttachments: 0, seed: 7 } });
  });
  afterEach(async () => {
    db?.close();
    db = null;
    await proxy?.close();
    proxy = null;
  });
  afterAll(async () => {
    await mailbox.stop();
  });

  const archiveThroughProxy = async (name: string, password: string) => {
    const p = await startFaultProxy({ host: mailbox.server.host, port: mailbox.server.port });
    proxy = p;
    const dir = path.join(mailbox.tmp, name);
    const flags = ['--host', p.host, '--port', String(p.port), '--security', 'none', '--user', mailbox.user];
    const added = await mailbox.cli(dir, ['account', 'add', mailbox.user, ...flags]);
    expect(added.code, added.stderr).toBe(0);
    db = openArchive(dir, { readonly: false });
    const jobs = createJobManager({
      db,
      passwordFor: () => Promise.resolve(password),
      settings: { retry: { baseDelayMs: 20, maxDelayMs: 200, maxRetries: 50 } },
    });
    return { jobs, dir, proxy: p };
  };

  it('a throttled run logs each wait with its reason, going on, and its summary', async () => {
    const { jobs, dir, proxy: p } = await archiveThroughProxy('throttled', mailbox.password);
    p.settings.throttleResponse = gmailThrottled;
    p.settings.throttleEveryNthFetch = 3;
    const job = await jobs.start(mailbox.user, { ...defaultImportOptions(), batchSize: 25 });
    const done = await jobs.settled(job.id);
    expect(done.state, done.error ?? '').toBe('completed');
    expect(p.stats.throttled).toBeGreaterThan(0);

    const lines = readRunLog(dir, { account: mailbox.user });
    const types = lines.map((l) => l.type);
    expect(types[0]).toBe('start');
    expect(types.at(-1)).toBe('summary');
    const waits = lines.filter((l) => l.type === 'wait');
    expect(waits.length).toBeGreaterThan(0);
    expect(String(waits[0]?.['reason'])).not.toBe('');
    expect(types).toContain('resume');
    expect(lines.at(-1)).toMatchObject({ state: 'completed', new: done.summary?.new });
  });

  it('a run the server refuses logs its start, the error and a failed summary', async () => {
    const { jobs, dir } = await archiveThroughProxy('refused', 'not the password');
    await expect(jobs.start(mailbox.user, defaultImportOptions())).rejects.toThrow();
    const lines = readRunLog(dir, { account: mailbox.user });
    expect(lines.map((l) => l.type)).toEqual(['start', 'error', 'summary']);
    expect(lines[2]).toMatchObject({ state: 'failed' });
  });
});

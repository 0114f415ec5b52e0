import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultImportOptions } from '../../src-shared/domain.ts';
import type { Reply } from '../../src-shared/ipc/contract.ts';
import { createJobManager } from '../../src-main/engine/jobs/job-manager.ts';
import { createMemorySecretStore } from '../../src-main/engine/secrets/secret-store.ts';
import { startEngineHost, type EngineHost } from '../../src-main/handlers/engine-host.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';

function value<T>(reply: Reply<T>): T {
  if (!reply.ok) throw new Error(`expected ok, got ${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')(
  'handlers against a real Dovecot',
  () => {
    let mailbox: TestMailbox;
    let host: EngineHost;
    let archiveDir: string;
    const options = {
      ...defaultImportOptions(),
      batchSize: 50,
    };

    beforeAll(async () => {
      mailbox = await startTestMailbox({ user: 'hana', corpus: { count: 40, seed: 5 } });
      archiveDir = path.join(mailbox.tmp, 'archive');
      host = startEngineHost({
        archivePath: archiveDir,
        secrets: createMemorySecretStore(),
        version: 'test',
        createJobs: createJobManager,
      });
    });
    afterAll(async () => {
      await host.close();
      await mailbox.stop();
    });

    const account = (): { name: string; host: string; port: number; security: 'none'; user: string } => ({
      name: 'hana',
      host: mailbox.server.host,
      port: mailbox.server.port,
      security: 'none',
      user: mailbox.user,
    });

    it('tests a connection before saving anything, and says when the password is wrong', async () => {
      const { handlers } = host;
      const ok = value(
        await handlers.invoke('accounts:test', { account: account(), password: mailbox.password }),
      );
      expect(ok.folders).toBeGreaterThan(1);
      expect(ok.capabilities.map((c) => c.toUpperCase())).toContain('IMAP4REV1');
      const wrong = await handlers.invoke('accounts:test', { account: account(), password: 'nope' });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'auth' } });
      expect(value(await handlers.invoke('accounts:list', {}))).toEqual([]);
    });

    it('adds the account, lists its folders with sizes, and previews without writing', async () => {
      const { handlers } = host;
      value(await handlers.invoke('accounts:add', { account: account(), password: mailbox.password }));
      expect(value(await handlers.invoke('accounts:test', { account: 'hana' })).folders).toBeGreaterThan(1);
      const folders = value(await handlers.invoke('folders:list', { account: 'hana' }));
      const inbox = folders.find((f) => f.path === 'INBOX');
      expect(inbox?.messages).toBeGreaterThan(0);
      expect(inbox?.bytes).toBeGreaterThan(0);
      expect(folders.find((f) => f.specialUse === '\\Junk')?.defaultSelected).toBe(false);

      const preview = value(await handlers.invoke('import:preview', { account: 'hana', options }));
      expect(preview.dryRun).toBe(true);
      expect(preview.inRange).toBeGreaterThan(0);
      expect(preview.estimatedSeconds).toBeGreaterThanOrEqual(0);
      expect(value(await handlers.invoke('search:query', { query: 'after:1970' })).totalThreads).toBe(0);
    });

    it('imports through the job manager, pushing progress and state, then finds the mail', async () => {
      const { handlers, jobs } = host;
      const states: string[] = [];
      let progressEvents = 0;
      const offState = handlers.on('job:state', (job) => states.push(job.state));
      const offProgress = handlers.on('import:progress', () => (progressEvents += 1));
      const job = value(await handlers.invoke('import:start', { account: 'hana', options }));
      const done = await jobs.settled(job.id);
      offState();
      offProgress();
      expect(done.state).toBe('completed');
      expect(states).toContain('completed');
      expect(progressEvents).toBeGreaterThan(0);
      expect(value(await handlers.invoke('jobs:list', { account: 'hana' }))[0]?.state).toBe('completed');
      const page = value(await handlers.invoke('search:query', { query: 'after:1970', limit: 200 }));
      expect(page.totalThreads).toBeGreaterThan(0);
      const completeness = value(await handlers.invoke('status:completeness', { account: 'hana' }));
      expect(completeness.folders.every((f) => f.missing.every((m) => m.cause === 'filtered'))).toBe(true);
      expect(fs.existsSync(path.join(archiveDir, 'mailtrove.sqlite'))).toBe(true);
    });
  },
);

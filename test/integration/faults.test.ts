import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultImportOptions,
  type ImportOptions,
  type ImportProgress,
  type JobInfo,
} from '../../src-shared/domain.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { createJobManager } from '../../src-main/engine/jobs/job-manager.ts';
import type { JobManager } from '../../src-main/engine/jobs/types.ts';
import { archiveContents, expectedContents } from '../support/archive-checks.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import {
  bandwidthExceeded,
  gmailThrottled,
  m365Throttled,
  startFaultProxy,
  type FaultProxy,
} from '../support/fault-proxy.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';

const options: ImportOptions = {
  ...defaultImportOptions(),
  batchSize: 50,
};

describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')(
  'imports through a faulty network',
  () => {
    let mailbox: TestMailbox;
    let proxy: FaultProxy | null = null;
    let db: Database.Database | null = null;

    beforeAll(async () => {
      mailbox = await startTestMailbox({ user: 'lou', corpus: { count: 400, bigAttachments: 0, seed: 41 } });
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

    /** A fresh archive whose account talks to Dovecot through a new fault proxy. */
    const throughProxy = async (
      name: string,
      maxRetries = 50,
    ): Promise<{ jobs: JobManager; dir: string; progress: ImportProgress[]; proxy: FaultProxy }> => {
      const p = await startFaultProxy({ host: mailbox.server.host, port: mailbox.server.port });
      proxy = p;
      const dir = `${mailbox.tmp}/${name}`;
      const added = await mailbox.cli(dir, [
        'account',
        'add',
        mailbox.user,
        ...['--host', p.host, '--port', String(p.port), '--security', 'none', '--user', mailbox.user],
      ]);
      expect(added.code, added.stderr).toBe(0);
      db = openArchive(dir, { readonly: false });
      const progress: ImportProgress[] = [];
      const jobs = createJobManager({
        db,
        passwordFor: () => Promise.resolve(mailbox.password),
        onProgress: (_id, event) => progress.push(event),
        // Backoff in milliseconds so the test is quick; the logic is the same as with seconds.
        settings: { retry: { baseDelayMs: 20, maxDelayMs: 200, maxRetries }, stallTimeoutMs: 1500 },
      });
      return { jobs, dir, progress, proxy: p };
    };

    const run = async (jobs: JobManager): Promise<JobInfo> => {
      const job = await jobs.start(mailbox.user, options);
      return jobs.settled(job.id);
    };

    const waits = (jobs: JobManager, job: JobInfo): string[] =>
      jobs
        .history(job.id)
        .filter((e) => e.state === 'waiting')
        .map((e) => e.message);

    it('a connection dropped every ~200 KB still ends with the archive equal to the server', async () => {
      const { jobs, dir, proxy: p } = await throughProxy('drops');
      p.settings.dropEveryBytes = 200_000;
      const done = await run(jobs);
      expect(done.state, done.error ?? '').toBe('completed');
      expect(p.stats.drops).toBeGreaterThanOrEqual(5);
      expect(archiveContents(dir)).toEqual(expectedContents(mailbox.corpus));
      expect(done.summary?.failed).toBe(0);
      expect(waits(jobs, done).some((m) => /connection lost/.test(m))).toBe(true);
    });

    it.each([
      ['Gmail [THROTTLED]', gmailThrottled],
      ['bandwidth limits', bandwidthExceeded],
      ['Microsoft 365 backoff', m365Throttled(100, 'BAD')],
    ])('%s answers slow it down and it still completes', async (_name, response) => {
      const { jobs, dir, proxy: p } = await throughProxy(`throttle-${_name.replace(/\W+/g, '-')}`);
      p.settings.throttleResponse = response;
      p.settings.throttleEveryNthFetch = 3;
      const done = await run(jobs);
      expect(done.state, done.error ?? '').toBe('completed');
      expect(p.stats.throttled).toBeGreaterThan(0);
      expect(archiveContents(dir)).toEqual(expectedContents(mailbox.corpus));
    });

    it('downloads the first folder while the others are still scanned, totals only growing, no ETA until known', async () => {
      const { jobs, dir, progress, proxy: p } = await throughProxy('overlap');
      p.settings.latencyMs = 20;
      const done = await run(jobs);
      expect(done.state, done.error ?? '').toBe('completed');
      expect(archiveContents(dir)).toEqual(expectedContents(mailbox.corpus));

      const fetching = progress.filter((e) => e.phase === 'fetching');
      expect(fetching.some((e) => e.foldersPlanned < e.folderCount)).toBe(true);
      for (const [i, e] of progress.entries()) {
        if (e.foldersPlanned < e.folderCount) expect(e.etaSeconds).toBeNull();
        const before = progress[i - 1];
        if (before) expect(e.overallTotal).toBeGreaterThanOrEqual(before.overallTotal);
      }
      const last = progress.at(-1);
      expect(last).toMatchObject({ phase: 'done', overallDone: done.summary?.fetched });
      expect(last?.foldersPlanned).toBe(last?.folderCount);
      expect(last?.overallTotal).toBe(done.summary?.fetched);
    });

    it('a server that goes silent mid-fetch is cut off after the stall timeout and the import goes on', async () => {
      const { jobs, dir, proxy: p } = await throughProxy('stall');
      p.settings.stallAfterBytes = 300_000;
      const done = await run(jobs);
      expect(done.state, done.error ?? '').toBe('completed');
      expect(p.stats.stalls).toBe(1);
      expect(archiveContents(dir)).toEqual(expectedContents(mailbox.corpus));
      expect(waits(jobs, done).some((m) => /STALLED|no data from the server/.test(m))).toBe(true);
    });

    it('a password changed mid-run stops the job at the next login, without retrying it', async () => {
      const { jobs, dir, progress, proxy: p } = await throughProxy('auth');
      p.settings.latencyMs = 20;
      // The run logs in first; the connections that scan folders beside the import come after it.
      const importConnection = p.stats.connections + 1;
      const job = await jobs.start(mailbox.user, options);
      const deadline = Date.now() + 20_000;
      while (!progress.some((e) => e.overallDone > 0) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
      }
      const passwd = path.join(mailbox.server.dir, 'passwd');
      const original = fs.readFileSync(passwd);
      try {
        fs.writeFileSync(passwd, `${mailbox.user}:{PLAIN}changed-elsewhere::::::\n`);
        // The live connection goes silent, so the engine must log in again, and that login is refused.
        p.settings.stallConnection = importConnection;
        p.settings.stallAfterBytes = 0;
        const done = await jobs.settled(job.id);
        expect(done.state).toBe('failed');
        expect(done.error).toMatch(/rejected the login/);
        // One backoff for the stall, none for the refused login: retrying a wrong password locks accounts.
        expect(waits(jobs, done)).toHaveLength(1);
        expect(archiveContents(dir).memberships).toBeGreaterThan(0);
      } finally {
        fs.writeFileSync(passwd, original);
        // Dovecot re-reads a passwd-file when its mtime changes; two writes in one second look unchanged.
        const later = new Date(Date.now() + 2000);
        fs.utimesSync(passwd, later, later);
      }
    });

    it('an endless problem becomes a clear failure after the retry cap, keeping what was archived', async () => {
      const { jobs, dir, progress, proxy: p } = await throughProxy('cap', 3);
      p.settings.latencyMs = 20;
      const job = await jobs.start(mailbox.user, options);
      const deadline = Date.now() + 20_000;
      while (!progress.some((e) => e.overallDone > 0) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
      }
      // From now on every connection is refused: the run cannot go on, and must say so instead of hanging.
      p.settings.refuseConnectionsWith = '* BYE [UNAVAILABLE] Too many simultaneous connections. (Failure)';
      p.settings.dropEveryBytes = 1;
      const done = await jobs.settled(job.id);
      expect(done.state).toBe('failed');
      expect(done.error).toMatch(/Gave up .* after 3 retries in a row/);
      expect(archiveContents(dir).memberships).toBeGreaterThan(0);
      expect(waits(jobs, done)).toHaveLength(3);
    });
  },
);

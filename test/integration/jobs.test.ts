import type Database from 'better-sqlite3';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultImportOptions,
  type ImportOptions,
  type ImportProgress,
  type JobInfo,
} from '../../src-shared/domain.ts';
import { getAccount } from '../../src-main/engine/archive/accounts-repo.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { accountStatus } from '../../src-main/engine/archive/status.ts';
import { createJobManager } from '../../src-main/engine/jobs/job-manager.ts';
import type { JobManager } from '../../src-main/engine/jobs/types.ts';
import { archiveContents, expectedContents } from '../support/archive-checks.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';

const options = (overrides: Partial<ImportOptions> = {}): ImportOptions => ({
  ...defaultImportOptions(),
  batchSize: 20,
  // Slow enough that pause and cancel land mid-run, fast enough for a test.
  limits: { callsPerMinute: null, bytesPerSecond: 400_000, dailyBudgetBytes: null },
  ...overrides,
});

describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')('import jobs', () => {
  let mailbox: TestMailbox;

  beforeAll(async () => {
    mailbox = await startTestMailbox({ user: 'jules', corpus: { count: 300, bigAttachments: 0, seed: 21 } });
  });
  afterAll(async () => {
    await mailbox.stop();
  });

  /** A job manager over a fresh archive, with progress and every state change recorded. */
  const setup = async (
    name: string,
  ): Promise<{
    db: Database.Database;
    jobs: JobManager;
    states: JobInfo[];
    progress: ImportProgress[];
    dir: string;
  }> => {
    const dir = await mailbox.newArchive(name);
    const db = openArchive(dir, { readonly: false });
    const states: JobInfo[] = [];
    const progress: ImportProgress[] = [];
    const jobs = createJobManager({
      db,
      passwordFor: () => Promise.resolve(mailbox.password),
      onState: (job) => states.push(job),
      onProgress: (_id, p) => progress.push(p),
    });
    return { db, jobs, states, progress, dir };
  };

  const untilProgress = async (progress: ImportProgress[], atLeast: number): Promise<void> => {
    const deadline = Date.now() + 20_000;
    while (!progress.some((p) => p.overallDone >= atLeast)) {
      if (Date.now() > deadline) throw new Error('no progress within 20 s');
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  it('pauses at a batch boundary, resumes where it stopped, and ends equal to the server', async () => {
    const { db, jobs, states, progress, dir } = await setup('pause');
    try {
      const job = await jobs.start(mailbox.user, options());
      expect(job.state).toBe('running');
      await untilProgress(progress, 40);
      const paused = await jobs.pause(job.id);
      expect(paused.state).toBe('paused');
      const atPause = archiveContents(dir);
      const expected = expectedContents(mailbox.corpus);
      expect(atPause.memberships).toBeGreaterThan(0);
      expect(atPause.memberships).toBeLessThan(expected.memberships);
      // Nothing moves while paused.
      await new Promise((r) => setTimeout(r, 300));
      expect(archiveContents(dir).memberships).toBe(atPause.memberships);

      await jobs.resume(job.id);
      const done = await jobs.settled(job.id);
      expect(done.state).toBe('completed');
      expect(archiveContents(dir)).toEqual(expected);
      // Over both runs the job fetched each membership once: the resumed run skipped what was archived.
      expect(done.summary?.fetched).toBe(expected.memberships);
      expect(done.summary?.new).toBe(expected.messages);
      const history = jobs.history(job.id).map((e) => e.state);
      expect(history).toEqual(expect.arrayContaining(['queued', 'running', 'paused', 'completed']));
      expect(history.indexOf('paused')).toBeLessThan(history.lastIndexOf('running'));
      expect(states.map((s) => s.state)).toContain('paused');
      const status = accountStatus(db, getAccount(db, mailbox.user));
      for (const folder of status.folders) {
        expect(folder.missing, folder.path).toEqual([]);
        expect(folder.archived, folder.path).toBe(folder.onServer);
      }
    } finally {
      db.close();
    }
  });

  it('a job stopped by quitting the app goes on by itself at the next start', async () => {
    const { db, jobs, progress, dir } = await setup('quit');
    try {
      const job = await jobs.start(mailbox.user, options());
      await untilProgress(progress, 20);
      await jobs.close();
      expect(jobs.list(mailbox.user)[0]?.state).toBe('queued');
      // The next start: a new manager over the same archive.
      const restarted = createJobManager({ db, passwordFor: () => Promise.resolve(mailbox.password) });
      const resumed = await restarted.resumeInterrupted();
      expect(resumed.map((j) => j.id)).toEqual([job.id]);
      expect((await restarted.settled(job.id)).state).toBe('completed');
      expect(archiveContents(dir)).toEqual(expectedContents(mailbox.corpus));
    } finally {
      db.close();
    }
  });

  it('cancels for good: what was archived stays, the job cannot be resumed, a new one finishes the work', async () => {
    const { db, jobs, progress, dir } = await setup('cancel');
    try {
      const job = await jobs.start(mailbox.user, options());
      await untilProgress(progress, 20);
      const cancelled = await jobs.cancel(job.id);
      expect(cancelled.state).toBe('cancelled');
      const kept = archiveContents(dir).memberships;
      expect(kept).toBeGreaterThan(0);
      await expect(jobs.resume(job.id)).rejects.toThrow(/cancelled; start a new import/);

      const again = await jobs.start(mailbox.user, options({ limits: undefined }));
      expect((await jobs.settled(again.id)).state).toBe('completed');
      expect(archiveContents(dir)).toEqual(expectedContents(mailbox.corpus));
      expect(jobs.list(mailbox.user).map((j) => [j.id, j.state])).toEqual([
        [again.id, 'completed'],
        [job.id, 'cancelled'],
      ]);
    } finally {
      db.close();
    }
  });

  it('a job for an account that is already importing is refused with a clear message', async () => {
    const { db, jobs, progress } = await setup('twice');
    try {
      const first = await jobs.start(mailbox.user, options());
      await expect(jobs.start(mailbox.user, options())).rejects.toThrow(/already running \(job \d+\)/);
      await untilProgress(progress, 1);
      await jobs.cancel(first.id);
    } finally {
      db.close();
    }
  });

  it('reports a message deleted on the server mid-run as vanished, not failed', async () => {
    const { db, jobs, progress } = await setup('vanish');
    const other = new ImapFlow({
      host: mailbox.server.host,
      port: mailbox.server.port,
      secure: false,
      auth: { user: mailbox.user, pass: mailbox.password },
      logger: false,
    });
    try {
      const job = await jobs.start(mailbox.user, options({ folders: ['INBOX'] }));
      await untilProgress(progress, 1);
      // Newest first: the oldest message of INBOX is fetched last, so it is still pending now.
      await other.connect();
      await other.mailboxOpen('INBOX');
      let oldest: { uid: number; at: number } | null = null;
      for await (const m of other.fetch('1:*', { uid: true, internalDate: true })) {
        const at = new Date(m.internalDate ?? 0).getTime();
        if (oldest === null || at < oldest.at || (at === oldest.at && m.uid < oldest.uid))
          oldest = { uid: m.uid, at };
      }
      expect(oldest).not.toBeNull();
      await other.messageDelete(String(oldest?.uid), { uid: true });
      const done = await jobs.settled(job.id);
      expect(done.state).toBe('completed');
      expect(done.summary).toMatchObject({ vanished: 1, failed: 0 });
      const inbox = accountStatus(db, getAccount(db, mailbox.user)).folders.find((f) => f.path === 'INBOX');
      expect(inbox?.missing).toEqual([{ uid: oldest?.uid, cause: 'vanished' }]);
    } finally {
      await other.logout().catch(() => undefined);
      db.close();
    }
  });
});

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../src-shared/domain.ts';
import type { Reply, ScheduleView } from '../../src-shared/ipc/contract.ts';
import type { RunLogLine } from '../../src-main/engine/logs/run-log-file.ts';
import { jsonLines, runCli } from '../support/cli.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { keyringAvailable, startKeyring, type KeyringSession } from '../support/keyring.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';
import { startServe, type ServeProcess } from '../support/serve.ts';

/** The schedule's "hour" in this test: a one-minute hourly schedule. */
const MINUTE = 60_000;

describe.skipIf((!dovecotAvailable() || !keyringAvailable()) && process.env['CI'] !== 'true')(
  'a schedule under `mailtrove serve`',
  () => {
    let mailbox: TestMailbox;
    let keyring: KeyringSession;
    let serve: ServeProcess | undefined;
    let archive: string;

    const invoke = async <T>(channel: string, body: unknown): Promise<T> => {
      if (!serve) throw new Error('not serving');
      const url = new URL(serve.url);
      const response = await fetch(new URL(`/api/invoke/${channel}`, url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${url.searchParams.get('token') ?? ''}`,
        },
        body: JSON.stringify(body),
      });
      const reply = (await response.json()) as Reply<T>;
      if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`);
      return reply.value;
    };

    /** Polls the jobs until `done` holds, for at most `ms`. */
    const jobsUntil = async (done: (jobs: JobInfo[]) => boolean, ms: number): Promise<JobInfo[]> => {
      const end = Date.now() + ms;
      for (;;) {
        const jobs = await invoke<JobInfo[]>('jobs:list', { account: 'sam' });
        if (done(jobs)) return jobs;
        if (Date.now() > end) throw new Error(`jobs not as expected: ${JSON.stringify(jobs)}`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    };

    beforeAll(async () => {
      mailbox = await startTestMailbox({
        user: 'sam',
        corpus: { count: 30, bigAttachments: 0, now: new Date() },
      });
      keyring = await startKeyring();
      archive = path.join(mailbox.tmp, 'archive');
      const added = await runCli(
        ['--archive', archive, 'account', 'add', 'sam', ...mailbox.accountFlags, '--password-stdin'],
        { env: { ...keyring.env, MAILTROVE_PASSWORD: '' }, input: mailbox.password },
      );
      expect(added.code, added.stderr).toBe(0);
      serve = await startServe({
        archive,
        env: { ...keyring.env, MAILTROVE_TEST_SCHEDULE_HOUR_MS: String(MINUTE) },
      });
    }, 120_000);

    afterAll(async () => {
      await serve?.stop();
      await keyring.stop();
      await mailbox.stop();
    });

    it('runs the account at once when switched on, and again one (shortened) hour later', async () => {
      const before = await invoke<ScheduleView>('schedule:get', { account: 'sam' });
      expect(before).toMatchObject({ every: 'off', lastRunAt: null, nextRunAt: null });

      const set = await invoke<ScheduleView>('schedule:set', { account: 'sam', every: 'hourly' });
      expect(set.every).toBe('hourly');
      // Never imported: due now. The first run starts without anyone asking for it.
      const first = await jobsUntil((jobs) => jobs.some((j) => j.state === 'completed'), 60_000);
      expect(first).toHaveLength(1);
      const firstRun = first[0] as JobInfo;
      expect(firstRun.summary?.new).toBeGreaterThan(0);
      const after = await invoke<ScheduleView>('schedule:get', { account: 'sam' });
      expect(after).toMatchObject({ lastRunAt: firstRun.createdAt, nextRunAt: firstRun.createdAt + MINUTE });

      // The next run comes by itself once the "hour" has passed: a top-up with nothing new.
      const second = await jobsUntil(
        (jobs) => jobs.filter((j) => j.state === 'completed').length === 2,
        150_000,
      );
      const secondRun = second[0] as JobInfo;
      expect(secondRun.createdAt - firstRun.createdAt).toBeGreaterThanOrEqual(MINUTE);
      expect(secondRun.summary).toMatchObject({ new: 0, failed: 0 });

      // Both runs are in the run log beside the archive.
      const logged = jsonLines<RunLogLine>(await runCli(['--archive', archive, 'log', 'sam', '--json']));
      expect(logged.filter((l) => l.type === 'start').map((l) => l.jobId)).toEqual([
        firstRun.id,
        secondRun.id,
      ]);
      expect(logged.filter((l) => l.type === 'summary')).toHaveLength(2);

      await invoke<ScheduleView>('schedule:set', { account: 'sam', every: 'off' });
      expect(await invoke<ScheduleView>('schedule:get', { account: 'sam' })).toMatchObject({
        every: 'off',
        nextRunAt: null,
      });
    }, 240_000);
  },
);

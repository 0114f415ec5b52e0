/**
 * The numbers of a preview and an import against a real Dovecot, for several folder and date choices:
 * each count is the corpus's truth, the parts add up to their whole (counts.ts), and a preview's "to
 * download" is what the import then downloads, also across a pause and a resume.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remaining, settled, type FolderCounts } from '../../src-shared/counts.ts';
import {
  defaultImportOptions,
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
} from '../../src-shared/domain.ts';
import { getAccount } from '../../src-main/engine/archive/accounts-repo.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { accountStatus } from '../../src-main/engine/archive/status.ts';
import { createJobManager } from '../../src-main/engine/jobs/job-manager.ts';
import { json, type CliResult } from '../support/cli.ts';
import type { CorpusMessage } from '../support/corpus.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';

const DAY = 86_400_000;
const day = (d: Date): string => d.toISOString().slice(0, 10);
const NOT_BY_DEFAULT = new Set(['Junk', 'Trash']);

/** The identities of counts.ts, written out here rather than taken from the code under test. */
function expectAddsUp(counts: FolderCounts, what: string): void {
  expect(counts.alreadyArchived + counts.leftOut + counts.toFetch, `${what}: in range`).toBe(counts.inRange);
  expect(counts.new + counts.sameContent, `${what}: downloaded`).toBe(counts.fetched);
  expect(counts.fetched + counts.failed + counts.vanished, `${what}: settled`).toBeLessThanOrEqual(
    counts.toFetch,
  );
}

/** Every folder adds up, and each total is the sum of the folders. */
function expectSummaryAddsUp(summary: ImportSummary): void {
  for (const folder of summary.folders) expectAddsUp(folder, folder.path);
  expectAddsUp(summary, 'total');
  for (const key of ['inRange', 'alreadyArchived', 'leftOut', 'toFetch', 'fetched', 'new'] as const) {
    expect(
      summary.folders.reduce((n, f) => n + f[key], 0),
      `total ${key}`,
    ).toBe(summary[key]);
  }
}

describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')('counts that add up', () => {
  let mailbox: TestMailbox;
  let corpus: CorpusMessage[];
  const now = new Date();
  const since = (days: number): string => day(new Date(now.getTime() - days * DAY));

  beforeAll(async () => {
    mailbox = await startTestMailbox({
      user: 'kim',
      corpus: { count: 400, bigAttachments: 0, now, seed: 18 },
    });
    corpus = mailbox.corpus;
  });
  afterAll(async () => {
    await mailbox.stop();
  });

  /** Memberships on the server per folder for a choice: the truth "on the server in range" counts. */
  const truth = (folders: string[] | null, from: string | null): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const m of corpus) {
      if (from !== null && day(m.internalDate) < from) continue;
      for (const f of m.folders) {
        if (folders === null ? NOT_BY_DEFAULT.has(f) : !folders.includes(f)) continue;
        counts.set(f, (counts.get(f) ?? 0) + 1);
      }
    }
    return counts;
  };
  const total = (counts: Map<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);
  const perFolder = (s: ImportSummary, key: keyof FolderCounts): Map<string, number> =>
    new Map(s.folders.filter((f) => f[key] > 0).map((f) => [f.path, f[key]]));

  const summaryOf = (result: CliResult): ImportSummary => {
    expect(result.code, result.stderr).toBe(0);
    return json<ImportSummary>(result);
  };

  it('previews then imports several choices: truth in range, parts add up, preview = download', async () => {
    const archive = await mailbox.newArchive('choices');
    const cli = (args: string[]): Promise<CliResult> => mailbox.cli(archive, args);
    const choices: { name: string; folders: string[] | null; since: string | null }[] = [
      { name: 'INBOX, last 90 days', folders: ['INBOX'], since: since(90) },
      { name: 'default folders, last year', folders: null, since: since(365) },
      { name: 'INBOX and Sent, everything', folders: ['INBOX', 'Sent'], since: null },
      { name: 'default folders, everything', folders: null, since: null },
    ];
    const runs: ImportSummary[] = [];
    for (const choice of choices) {
      const args = [
        'import',
        mailbox.user,
        '--json',
        ...(choice.folders === null ? [] : ['--folders', choice.folders.join(',')]),
        ...(choice.since === null ? [] : ['--since', choice.since]),
      ];
      const preview = summaryOf(await cli([...args, '--dry-run']));
      const expected = truth(choice.folders, choice.since);
      expect(perFolder(preview, 'inRange'), choice.name).toEqual(expected);
      expectSummaryAddsUp(preview);
      expect(preview.fetched).toBe(0);

      const imported = summaryOf(await cli(args));
      expectSummaryAddsUp(imported);
      expect(imported).toMatchObject({ failed: 0, vanished: 0, leftOut: 0 });
      expect(imported.inRange, choice.name).toBe(total(expected));
      // What the preview said would be downloaded is what was downloaded, folder by folder.
      expect(perFolder(imported, 'fetched'), choice.name).toEqual(perFolder(preview, 'toFetch'));
      expect(imported.alreadyArchived, choice.name).toBe(preview.alreadyArchived);
      expect(remaining(imported)).toBe(0);
      console.info(
        `${choice.name}: in range ${imported.inRange} = already archived ${imported.alreadyArchived} + ` +
          `to download ${imported.toFetch}; downloaded ${imported.fetched} = new ${imported.new} + ` +
          `same as archived ${imported.sameContent}`,
      );
      runs.push(imported);
    }
    // Later choices overlap earlier ones: mail known by UID is not downloaded again, and a copy in another
    // folder of mail already stored is downloaded but stored once.
    expect(runs[1]?.alreadyArchived).toBeGreaterThan(0);
    expect(runs[3]?.alreadyArchived).toBeGreaterThan(0);
    expect(runs.some((r) => r.sameContent > 0)).toBe(true);
    const later = await cli(['import', mailbox.user, '--json', '--dry-run']);
    expect(summaryOf(later)).toMatchObject({ toFetch: 0, fetched: 0 });
    // Each message was stored as new exactly once over all the runs.
    const everything = corpus.filter((m) => m.folders.some((f) => !NOT_BY_DEFAULT.has(f)));
    expect(runs.reduce((n, r) => n + r.new, 0)).toBe(everything.length);
  });

  it('after "everything", a narrower preview counts its own range, and leaves the checkpoint alone', async () => {
    const archive = await mailbox.newArchive('narrow');
    const cli = (args: string[]): Promise<CliResult> => mailbox.cli(archive, args);
    const all = summaryOf(await cli(['import', mailbox.user, '--json']));
    expect(all.inRange).toBe(total(truth(null, null)));

    const recent = summaryOf(
      await cli(['import', mailbox.user, '--json', '--dry-run', '--since', since(30)]),
    );
    const expected = truth(null, since(30));
    // Most mail is older: the range excludes it.
    expect(total(expected)).toBeLessThan(all.inRange / 10);
    expect(perFolder(recent, 'inRange')).toEqual(expected);
    expect(recent).toMatchObject({ inRange: total(expected), alreadyArchived: total(expected), toFetch: 0 });
    expectSummaryAddsUp(recent);

    const sent = summaryOf(
      await cli(['import', mailbox.user, '--json', '--dry-run', '--folders', 'Sent', '--since', since(365)]),
    );
    expect(sent.inRange).toBe(total(truth(['Sent'], since(365))));
    expect(sent.folders.map((f) => f.path)).toEqual(['Sent']);

    // A real import of the narrow range downloads nothing and keeps the wide checkpoint: "everything"
    // still knows its own count without a scan.
    const narrow = summaryOf(await cli(['import', mailbox.user, '--json', '--since', since(30)]));
    expect(narrow).toMatchObject({ inRange: total(expected), fetched: 0, toFetch: 0 });
    const again = summaryOf(await cli(['import', mailbox.user, '--json', '--dry-run']));
    expect(again).toMatchObject({ inRange: all.inRange, alreadyArchived: all.inRange, toFetch: 0 });
    expect(again.folders.every((f) => f.decision.startsWith('skip'))).toBe(true);
  });

  it('--max-messages counts the rest as left for later, in the preview and the import alike', async () => {
    const archive = await mailbox.newArchive('max');
    const cli = (args: string[]): Promise<CliResult> => mailbox.cli(archive, args);
    const args = ['import', mailbox.user, '--json', '--folders', 'INBOX,Sent', '--max-messages', '15'];
    const preview = summaryOf(await cli([...args, '--dry-run']));
    const inRange = total(truth(['INBOX', 'Sent'], null));
    expect(preview).toMatchObject({ inRange, toFetch: 15, leftOut: inRange - 15 });
    expectSummaryAddsUp(preview);
    const imported = summaryOf(await cli(args));
    expect(imported).toMatchObject({ inRange, toFetch: 15, fetched: 15, leftOut: inRange - 15 });
    expectSummaryAddsUp(imported);
    const rest = summaryOf(await cli(['import', mailbox.user, '--json', '--folders', 'INBOX,Sent']));
    expect(rest).toMatchObject({ inRange, alreadyArchived: 15, toFetch: inRange - 15, leftOut: 0 });
    expect(rest.fetched).toBe(inRange - 15);
  });

  it('a paused and resumed job adds up, goes on from where it stood, and its total only grows', async () => {
    const dir = await mailbox.newArchive('pause');
    const preview = summaryOf(await mailbox.cli(dir, ['import', mailbox.user, '--json', '--dry-run']));
    const db = openArchive(dir, { readonly: false });
    const progress: ImportProgress[] = [];
    const jobs = createJobManager({
      db,
      passwordFor: () => Promise.resolve(mailbox.password),
      onProgress: (_id, p) => progress.push(p),
    });
    const options: ImportOptions = {
      ...defaultImportOptions(),
      batchSize: 20,
      // Slow enough that the pause lands mid-run.
      limits: { callsPerMinute: null, bytesPerSecond: 300_000, dailyBudgetBytes: null },
    };
    try {
      const job = await jobs.start(mailbox.user, options);
      const deadline = Date.now() + 30_000;
      while (!progress.some((p) => p.overallDone >= 60)) {
        if (Date.now() > deadline) throw new Error('no progress within 30 s');
        await new Promise((r) => setTimeout(r, 10));
      }
      const paused = await jobs.pause(job.id);
      const atPause = paused.summary;
      if (atPause === null) throw new Error('a paused job has a summary');
      expectSummaryAddsUp(atPause);
      expect(remaining(atPause)).toBeGreaterThan(0);
      const stopped = progress.at(-1);
      expect(stopped?.phase).toBe('stopped');
      // The progress and the summary are one count: what the window shows paused is what --json says.
      expect(stopped?.overallDone).toBe(settled(atPause));
      expect(stopped?.overallTotal).toBe(atPause.toFetch);
      const pausedEvents = progress.length;

      await jobs.resume(job.id);
      const done = await jobs.settled(job.id);
      expect(done.state).toBe('completed');
      const summary = done.summary;
      if (summary === null) throw new Error('a completed job has a summary');
      expectSummaryAddsUp(summary);
      expect(remaining(summary)).toBe(0);
      expect(summary).toMatchObject({ failed: 0, vanished: 0, inRange: preview.inRange });
      // The preview's "to download" is what the job downloaded, over both runs.
      expect(summary.fetched).toBe(preview.toFetch);
      expect(summary.toFetch).toBe(preview.toFetch);

      // The resumed run goes on from the paused counts instead of starting again from zero.
      const resumed = progress.slice(pausedEvents);
      expect(resumed.length).toBeGreaterThan(0);
      for (const event of resumed) {
        expect(event.overallDone).toBeGreaterThanOrEqual(atPause.fetched);
      }
      // An estimated total never shrinks, across the pause too; the last one is exact.
      let shown = 0;
      for (const event of progress) {
        if (event.foldersPlanned < event.folderCount)
          expect(event.overallTotal).toBeGreaterThanOrEqual(shown);
        shown = event.overallTotal;
      }
      expect(progress.at(-1)).toMatchObject({
        phase: 'done',
        overallDone: summary.toFetch,
        overallTotal: summary.toFetch,
      });
      const status = accountStatus(db, getAccount(db, mailbox.user));
      for (const folder of status.folders) {
        expect(folder.archived + folder.missing.length, folder.path).toBe(folder.onServer);
      }
    } finally {
      await jobs.close();
      db.close();
    }
  }, 120_000);
});

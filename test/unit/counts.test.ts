import { describe, expect, it } from 'vitest';
import { summaryFigures, summarySentences } from '../../src-shared/count-figures.ts';
import {
  plannedCounts,
  remaining,
  summaryOf,
  summaryProblems,
  zeroCounts,
  type FolderCounts,
  type FolderImportSummary,
  type ImportSummary,
} from '../../src-shared/counts.ts';
import { growingTotal, mergeSummaries, progressFromSummary } from '../../src-shared/job-counts.ts';
import { resultCountPhrase } from '../../src-shared/search-counts.ts';
import { parseSummary } from '../../src-main/engine/archive/summary-json.ts';

const folder = (path: string, counts: Partial<FolderCounts>, uidValidity = 1): FolderImportSummary => ({
  path,
  uidValidity,
  decision: 'full: first scan of this folder',
  ...zeroCounts(),
  ...counts,
});
const run = (folders: FolderImportSummary[], folderCount = folders.length): ImportSummary =>
  summaryOf({ dryRun: false, account: 'work', folderCount, seconds: 1 }, folders);

describe('the counts of an import (src-shared/counts.ts)', () => {
  it('plans "to download" as in range minus already archived minus left for later', () => {
    expect(
      plannedCounts({ inRange: 100, alreadyArchived: 30, leftOut: 20, toFetchBytes: 5000 }),
    ).toMatchObject({
      toFetch: 50,
      toFetchBytes: 5000,
      fetched: 0,
    });
  });

  it('makes every total the sum of its folders', () => {
    const summary = run([
      folder('INBOX', { inRange: 10, alreadyArchived: 4, toFetch: 6, fetched: 6, new: 5, sameContent: 1 }),
      folder('Sent', { inRange: 3, toFetch: 3, fetched: 2, new: 2, failed: 1 }),
    ]);
    expect(summary).toMatchObject({
      inRange: 13,
      alreadyArchived: 4,
      toFetch: 9,
      fetched: 8,
      new: 7,
      failed: 1,
    });
    expect(summaryProblems(summary)).toEqual([]);
  });

  it('finds a summary whose parts do not add up, like the old "Fetched 2,288 / New 2,187 / Already archived 1,018"', () => {
    const old = folder('INBOX', {
      inRange: 3205,
      alreadyArchived: 1018,
      toFetch: 2187,
      fetched: 2288,
      new: 2187,
    });
    const problems = summaryProblems(run([old]));
    expect(problems.join('\n')).toMatch(/fetched 2288 ≠ new 2187 \+ sameContent 0/);
    expect(problems.join('\n')).toMatch(/toFetch 2187 < fetched 2288/);
    expect(summaryProblems({ ...run([old]), inRange: 1 }).join('\n')).toMatch(/sum of the folders/);
  });

  it('counts messages with a fallback date among the new ones, and a folder skipped whole apart', () => {
    const skipped: FolderImportSummary = {
      ...folder('Minus', {}),
      uidValidity: null,
      error: 'The server h sent UIDVALIDITY -1 for the folder "Minus"',
    };
    const summary = run([
      folder('INBOX', { inRange: 4, toFetch: 4, fetched: 3, new: 3, badInternalDates: 2, failed: 1 }),
      skipped,
    ]);
    expect(summary).toMatchObject({ badInternalDates: 2, failedFolders: 1, inRange: 4 });
    expect(summaryProblems(summary)).toEqual([]);
    const tooMany = folder('INBOX', {
      inRange: 1,
      toFetch: 1,
      fetched: 1,
      sameContent: 1,
      badInternalDates: 1,
    });
    expect(summaryProblems(run([tooMany])).join('\n')).toMatch(/badInternalDates 1 > new 0/);
    // A job adds the flags of its runs up, like parseFailed.
    const first = folder('INBOX', { inRange: 2, toFetch: 2, fetched: 1, new: 1, badInternalDates: 1 });
    const second = folder('INBOX', {
      inRange: 2,
      alreadyArchived: 1,
      toFetch: 1,
      fetched: 1,
      new: 1,
      badInternalDates: 1,
    });
    expect(mergeSummaries(run([first]), run([second]))).toMatchObject({ badInternalDates: 2, new: 2 });
  });

  it('says what each number is, in sentences whose parts add up', () => {
    const summary = run([
      folder('INBOX', {
        inRange: 3205,
        alreadyArchived: 917,
        toFetch: 2288,
        fetched: 2288,
        new: 2187,
        sameContent: 101,
      }),
    ]);
    expect(summarySentences(summary, (n) => n.toLocaleString('en-US'))).toEqual([
      '3,205 on the server in range: 917 already in the archive, 2,288 to download.',
      '2,288 downloaded now: 2,187 stored as new, 101 same as archived mail; 0 failed.',
    ]);
    expect(summaryFigures(summary).map((f) => [f.label, f.value])).toEqual([
      ['On the server in range', 3205],
      ['Already in the archive', 917],
      ['To download', 2288],
      ['Downloaded now', 2288],
      ['Stored as new', 2187],
      ['Same as archived mail', 101],
      ['Failed', 0],
    ]);
    // A paused job says what is still to come.
    const paused = run([folder('INBOX', { inRange: 10, toFetch: 10, fetched: 4, new: 4 })], 2);
    expect(summaryFigures(paused).find((f) => f.key === 'remaining')).toMatchObject({
      label: 'Not downloaded yet',
      value: 6,
    });
  });
});

describe("a job's counts over its runs (src-shared/job-counts.ts)", () => {
  // Run 1 is paused in INBOX (one failure) with Sent planned but not reached; run 2 finishes both.
  const first = run(
    [
      folder('INBOX', {
        inRange: 100,
        alreadyArchived: 10,
        toFetch: 90,
        fetched: 40,
        new: 38,
        sameContent: 2,
        failed: 1,
        bytes: 400,
      }),
      folder('Sent', { inRange: 50, toFetch: 50, toFetchBytes: 500 }),
      folder('Drafts', { inRange: 5, toFetch: 5, fetched: 5, new: 5, bytes: 50 }),
    ],
    4,
  );
  const second = run([
    // The 40 downloads are archived by UID now; the failure is planned again, and fetched.
    folder('INBOX', {
      inRange: 101,
      alreadyArchived: 50,
      toFetch: 51,
      fetched: 50,
      new: 50,
      vanished: 1,
      bytes: 500,
    }),
    folder('Sent', { inRange: 50, toFetch: 50, fetched: 50, new: 40, sameContent: 10, bytes: 500 }),
    folder('Junk', { inRange: 2, toFetch: 2, fetched: 2, new: 2 }),
  ]);

  it('adds downloads up, keeps "already archived" as before the job, and takes the latest failures', () => {
    const job = mergeSummaries(first, second);
    expect(summaryProblems(job)).toEqual([]);
    const inbox = job.folders.find((f) => f.path === 'INBOX');
    expect(inbox).toMatchObject({
      alreadyArchived: 10,
      toFetch: 91,
      fetched: 90,
      new: 88,
      sameContent: 2,
      failed: 0,
      vanished: 1,
      inRange: 101,
      bytes: 900,
    });
    expect(remaining(job)).toBe(0);
    // A folder only the first run reached keeps its counts.
    expect(job.folders.find((f) => f.path === 'Drafts')).toMatchObject({ fetched: 5, toFetch: 5 });
    expect(job.fetched).toBe(40 + 5 + 50 + 50 + 2);
  });

  it('counts a renumbered folder (new UIDVALIDITY) from the latest run alone', () => {
    const renumbered = run([
      folder('INBOX', { inRange: 100, toFetch: 100, fetched: 100, new: 60, sameContent: 40 }, 2),
    ]);
    const job = mergeSummaries(first, renumbered);
    expect(job.folders.find((f) => f.path === 'INBOX')).toMatchObject({ alreadyArchived: 0, fetched: 100 });
    expect(summaryProblems(job)).toEqual([]);
  });

  it('shows a stopped job where it stands, with the same sums as its summary', () => {
    const { overall, folders } = progressFromSummary(first);
    expect(overall).toMatchObject({
      phase: 'stopped',
      overallDone: 46,
      overallTotal: 145,
      foldersPlanned: 3,
    });
    expect(overall.folderCount).toBe(4);
    expect(folders.map((f) => [f.folder, f.done, f.total])).toEqual([
      ['INBOX', 41, 90],
      ['Sent', 0, 50],
      ['Drafts', 5, 5],
    ]);
  });

  it('lets an estimated total only grow, and an exact one be what it is', () => {
    expect(growingTotal(null, 300, false)).toBe(300);
    expect(growingTotal(917, 457, false)).toBe(917);
    expect(growingTotal(917, 1200, false)).toBe(1200);
    expect(growingTotal(917, 667, true)).toBe(667);
  });
});

describe('summaries stored before the counts were defined', () => {
  it('are read into counts that add up', () => {
    const old = {
      dryRun: false,
      account: 'work',
      folders: [
        {
          path: 'INBOX',
          uidValidity: 1,
          decision: 'x',
          inRange: 1123,
          fetched: 573,
          new: 539,
          duplicates: 584,
          failed: 0,
          vanished: 0,
          parseFailed: 0,
          bytes: 9,
        },
      ],
      inRange: 1123,
      fetched: 573,
      new: 539,
      duplicates: 584,
      failed: 0,
      vanished: 0,
      parseFailed: 0,
      bytes: 9,
      seconds: 2,
    };
    const summary = parseSummary(JSON.stringify(old));
    expect(summary).toMatchObject({ alreadyArchived: 550, sameContent: 34, toFetch: 573, folderCount: 1 });
    expect(summaryProblems(summary)).toEqual([]);
    const preview = parseSummary(
      JSON.stringify({
        ...old,
        dryRun: true,
        folders: [{ ...old.folders[0], fetched: 0, new: 0, duplicates: 100, toFetch: 1023, bytes: 77 }],
      }),
    );
    expect(preview).toMatchObject({ alreadyArchived: 100, toFetch: 1023, toFetchBytes: 77, bytes: 0 });
    expect(summaryProblems(preview)).toEqual([]);
  });

  it('read without fallback dates when they were written before those were counted', () => {
    const written = JSON.stringify(
      run([folder('INBOX', { inRange: 2, toFetch: 2, fetched: 2, new: 2 })]),
      (key, value: unknown) => (key === 'badInternalDates' || key === 'failedFolders' ? undefined : value),
    );
    expect(written).not.toContain('badInternalDates');
    const summary = parseSummary(written);
    expect(summary).toMatchObject({ badInternalDates: 0, new: 2, failedFolders: 0 });
    expect(summary.folders[0]?.badInternalDates).toBe(0);
    expect(summaryProblems(summary)).toEqual([]);
  });
});

describe('the count of search results (src-shared/search-counts.ts)', () => {
  const format = (n: number): string => n.toLocaleString('en-US');
  it('says "more than" when the count stopped at the cap', () => {
    expect(resultCountPhrase({ totalThreads: 1000, totalThreadsCapped: true, ungrouped: 0 }, format)).toBe(
      'more than 1,000 threads',
    );
  });
  it('tells threads from new mail not yet grouped into threads', () => {
    expect(resultCountPhrase({ totalThreads: 388, totalThreadsCapped: false, ungrouped: 0 }, format)).toBe(
      '388 threads',
    );
    expect(resultCountPhrase({ totalThreads: 724, totalThreadsCapped: false, ungrouped: 349 }, format)).toBe(
      '724 results (375 threads and 349 new messages not yet grouped into threads)',
    );
    expect(resultCountPhrase({ totalThreads: 1, totalThreadsCapped: false, ungrouped: 0 }, format)).toBe(
      '1 thread',
    );
  });
});

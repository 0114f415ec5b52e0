import { describe, expect, it } from 'vitest';
import { summaryOf, zeroCounts, type FolderImportSummary } from '../../src-shared/counts.ts';
import type { ImportProgress } from '../../src-shared/domain.ts';
import { progressFromSummary } from '../../src-shared/job-counts.ts';
import { createProgressTracker } from '../../src-main/engine/import/progress.ts';
import { emptyJobs, jobsReducer } from '../../src-renderer/src/features/progress/jobs-state.ts';

/** A tracker on a clock that moves 1 s per reading, so every event is sent (no rate limit in the way). */
function tracked(folderCount: number, earlier: Parameters<typeof createProgressTracker>[2] = {}) {
  const events: ImportProgress[] = [];
  let t = 0;
  const tracker = createProgressTracker(folderCount, (p) => events.push(p), {
    ...earlier,
    now: () => (t += 1000),
  });
  return { tracker, events, last: (): ImportProgress => events.at(-1) as ImportProgress };
}

describe('import progress (engine/import/progress.ts)', () => {
  it('keeps an estimated total from shrinking while folders are planned, and says when it is exact', () => {
    const { tracker, events, last } = tracked(3);
    tracker.planned({ path: 'INBOX', uidValidity: 1 }, 400, 4000);
    tracker.startFolder('INBOX', 0);
    for (let i = 0; i < 10; i++) tracker.message(10);
    tracker.planned({ path: 'Sent', uidValidity: 1 }, 50, 500);
    expect(last()).toMatchObject({ foldersPlanned: 2, overallTotal: 450, overallDone: 10, etaSeconds: null });
    tracker.planned({ path: 'Archive', uidValidity: 1 }, 0, 0);
    expect(last()).toMatchObject({ foldersPlanned: 3, overallTotal: 450 });
    const totals = events.map((e) => e.overallTotal);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
  });

  it('counts done as the summary does: settled messages, a message fetched twice once', () => {
    const { tracker, last } = tracked(1);
    tracker.planned({ path: 'INBOX', uidValidity: 1 }, 5, 50);
    tracker.startFolder('INBOX', 0);
    for (let i = 0; i < 5; i++) tracker.message(10);
    // One message's parser died: it is fetched again; one UID was gone (never arrived).
    tracker.settled('INBOX', 3, 5);
    expect(last()).toMatchObject({ done: 3, overallDone: 3 });
    tracker.message(10);
    tracker.settled('INBOX', 1, 1);
    tracker.settled('INBOX', 1, 0);
    tracker.finish(false);
    expect(last()).toMatchObject({ phase: 'done', done: 5, total: 5, overallDone: 5, overallTotal: 5 });
  });

  it('reports a paused run as stopped, not done, where it stood', () => {
    const { tracker, last } = tracked(1);
    tracker.planned({ path: 'INBOX', uidValidity: 1 }, 457, 4570);
    tracker.startFolder('INBOX', 0);
    for (let i = 0; i < 250; i++) tracker.message(10);
    tracker.settled('INBOX', 250, 250);
    tracker.finish(true);
    expect(last()).toMatchObject({ phase: 'stopped', done: 250, total: 457, overallDone: 250 });
  });

  it("goes on from a resumed job's earlier runs: no drop to zero, no total below the one shown", () => {
    const inbox: FolderImportSummary = {
      path: 'INBOX',
      uidValidity: 7,
      decision: 'full',
      ...zeroCounts(),
      inRange: 457,
      toFetch: 457,
      toFetchBytes: 4570,
      fetched: 250,
      new: 250,
      bytes: 2500,
    };
    const sent: FolderImportSummary = {
      ...inbox,
      path: 'Sent',
      inRange: 460,
      toFetch: 460,
      fetched: 0,
      new: 0,
      bytes: 0,
    };
    const earlier = summaryOf({ dryRun: false, account: 'a', folderCount: 3, seconds: 5 }, [inbox, sent]);
    const before = progressFromSummary(earlier).overall;
    expect(before).toMatchObject({ overallDone: 250, overallTotal: 917 });

    const { tracker, events, last } = tracked(3, { earlier });
    tracker.planning('INBOX', 0);
    expect(last()).toMatchObject({ overallDone: 250, overallTotal: 917 });
    // INBOX is planned again: 207 left of its 457.
    tracker.planned({ path: 'INBOX', uidValidity: 7 }, 207, 2070);
    tracker.startFolder('INBOX', 0);
    expect(last()).toMatchObject({ done: 250, total: 457, overallDone: 250, overallTotal: 917 });
    tracker.message(10);
    expect(last()).toMatchObject({ done: 251, overallDone: 251 });
    tracker.planned({ path: 'Sent', uidValidity: 7 }, 460, 4600);
    tracker.planned({ path: 'Drafts', uidValidity: 7 }, 210, 2100);
    expect(last()).toMatchObject({ foldersPlanned: 3, overallTotal: 1127 });
    const totals = events.map((e) => e.overallTotal);
    expect(totals).toEqual([...totals].sort((a, b) => a - b));
    expect(events.every((e) => e.overallDone >= 250)).toBe(true);
  });

  it('counts a folder renumbered since the earlier runs afresh', () => {
    const inbox: FolderImportSummary = {
      path: 'INBOX',
      uidValidity: 7,
      decision: 'full',
      ...zeroCounts(),
      inRange: 10,
      toFetch: 10,
      fetched: 4,
      new: 4,
    };
    const earlier = summaryOf({ dryRun: false, account: 'a', folderCount: 1, seconds: 1 }, [inbox]);
    const { tracker, last } = tracked(1, { earlier });
    tracker.planned({ path: 'INBOX', uidValidity: 8 }, 10, 100);
    expect(last()).toMatchObject({ overallDone: 0, overallTotal: 10 });
  });
});

describe("the window's per-folder rows (renderer progress/jobs-state.ts)", () => {
  const event = (over: Partial<ImportProgress>): ImportProgress => ({
    phase: 'fetching',
    folder: 'INBOX',
    folderIndex: 0,
    folderCount: 2,
    foldersPlanned: 1,
    done: 0,
    total: 457,
    bytes: 0,
    totalBytes: 4570,
    overallDone: 0,
    overallTotal: 457,
    overallBytes: 0,
    overallTotalBytes: 4570,
    messagesPerSecond: 0,
    bytesPerSecond: 0,
    etaSeconds: null,
    ...over,
  });

  it('keeps a paused folder at its count instead of showing it complete', () => {
    let state = jobsReducer(emptyJobs, { type: 'progress', jobId: 1, progress: event({ done: 200 }) });
    state = jobsReducer(state, {
      type: 'progress',
      jobId: 1,
      progress: event({ phase: 'stopped', done: 250, overallDone: 250 }),
    });
    expect(state.progress[1]?.folders['INBOX']).toMatchObject({ done: 250, total: 457 });
    // The resumed run goes on in the same row.
    state = jobsReducer(state, { type: 'progress', jobId: 1, progress: event({ done: 260 }) });
    expect(state.progress[1]?.folders['INBOX']).toMatchObject({ done: 260, total: 457 });
  });
});

import { describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../src-main/engine/archive/folders-repo.ts';
import {
  lastYearRange,
  parseDay,
  rangeCovers,
  resolveRange,
} from '../../src-main/engine/import/date-range.ts';
import { decideFolderScan } from '../../src-main/engine/import/scan-decision.ts';
import {
  batchSizeFor,
  createBatchCutter,
  estimateSeconds,
  FAR_SERVER_MS,
  type PendingMessage,
} from '../../src-main/engine/import/batching.ts';
import { PendingList } from '../../src-main/engine/import/pending-list.ts';
import { toUidSet } from '../../src-main/engine/imap/uid-set.ts';

describe('toUidSet', () => {
  it('compresses runs and sorts', () => {
    expect(toUidSet([9, 1, 2, 3, 5, 12, 13, 14, 3])).toBe('1:3,5,9,12:14');
    expect(toUidSet([42])).toBe('42');
    expect(toUidSet([])).toBe('');
  });
});

describe('date range', () => {
  it('accepts real days and rejects impossible ones', () => {
    expect(parseDay('2024-02-29', '--since')).toBe('2024-02-29');
    expect(() => parseDay('2023-02-29', '--since')).toThrow(/YYYY-MM-DD/);
    expect(() => parseDay('2024-2-1', '--since')).toThrow(/YYYY-MM-DD/);
    expect(() => parseDay('yesterday', '--before')).toThrow(/--before/);
  });

  it('last year is the 365 days up to today', () => {
    expect(lastYearRange(new Date('2026-11-24T18:30:00Z'))).toEqual({ since: '2025-11-24', before: null });
  });

  it('rejects an empty or contradictory range', () => {
    expect(() => resolveRange({ since: '2024-05-01', before: '2024-05-01' }, new Date())).toThrow(/earlier/);
    expect(() => resolveRange({ lastYear: true, since: '2024-01-01' }, new Date())).toThrow(/--last-year/);
    expect(resolveRange({}, new Date())).toEqual({ since: null, before: null });
  });

  it('knows when an earlier scan covered a range', () => {
    const all = { since: null, before: null };
    expect(rangeCovers(all, { since: '2024-01-01', before: null })).toBe(true);
    expect(rangeCovers({ since: '2024-01-01', before: null }, all)).toBe(false);
    expect(
      rangeCovers({ since: '2024-01-01', before: null }, { since: '2024-03-01', before: '2024-04-01' }),
    ).toBe(true);
    expect(rangeCovers({ since: null, before: '2024-04-01' }, { since: null, before: null })).toBe(false);
  });
});

const checkpoint = (over: Partial<Checkpoint>): Checkpoint => ({
  folderId: 1,
  uidValidity: 7,
  complete: true,
  uidNext: 100,
  serverMessages: 90,
  range: { since: null, before: null },
  inRange: 90,
  batchesDone: 3,
  updatedAt: 0,
  highestModseq: null,
  ...over,
});
const everything = { since: null, before: null };

describe('decideFolderScan', () => {
  const server = { uidValidity: 7, uidNext: 100, messages: 90 };

  it('scans a folder never seen in full', () => {
    expect(decideFolderScan({ current: null, latest: null, server, range: everything }).type).toBe('full');
  });

  it('detects a UIDVALIDITY change', () => {
    const old = checkpoint({ uidValidity: 3 });
    const decision = decideFolderScan({ current: null, latest: old, server, range: everything });
    expect(decision.type).toBe('uidvalidity-reset');
    expect(decision.reason).toContain('3 to 7');
  });

  it('resumes an interrupted scan', () => {
    const current = checkpoint({ complete: false });
    expect(decideFolderScan({ current, latest: current, server, range: everything }).type).toBe('resume');
  });

  it('skips an unchanged folder and tops up a grown one', () => {
    const current = checkpoint({});
    expect(decideFolderScan({ current, latest: current, server, range: everything }).type).toBe('skip');
    const grown = { ...server, uidNext: 105, messages: 95 };
    expect(decideFolderScan({ current, latest: current, server: grown, range: everything }).type).toBe(
      'incremental',
    );
  });

  it('rescans when the range reaches beyond the last scan', () => {
    const current = checkpoint({ range: { since: '2025-01-01', before: null } });
    expect(decideFolderScan({ current, latest: current, server, range: everything }).type).toBe('resume');
  });
});

/** Every batch the cutter makes at a fixed count. */
function allBatches(
  pending: PendingMessage[],
  limits: { maxMessages: number; maxBytes: number },
): PendingMessage[][] {
  const cutter = createBatchCutter(PendingList.of(pending), limits.maxBytes);
  const batches: PendingMessage[][] = [];
  for (let batch = cutter.next(limits.maxMessages); batch; batch = cutter.next(limits.maxMessages)) {
    batches.push(batch);
  }
  return batches;
}

describe('batches', () => {
  const pending = [
    { uid: 1, size: 10, internalDate: 1000 },
    { uid: 2, size: 10, internalDate: 3000 },
    { uid: 3, size: 50, internalDate: 2000 },
    { uid: 4, size: 10, internalDate: 4000 },
    { uid: 5, size: 10, internalDate: 500 },
  ];

  it('orders newest first and caps count', () => {
    const batches = allBatches(pending, { maxMessages: 2, maxBytes: 1000 });
    expect(batches.map((b) => b.map((m) => m.uid))).toEqual([[4, 2], [3, 1], [5]]);
  });

  it('caps bytes, giving an oversized message its own batch', () => {
    const batches = allBatches(pending, { maxMessages: 100, maxBytes: 40 });
    expect(batches.map((b) => b.map((m) => m.uid))).toEqual([[4, 2], [3], [1, 5]]);
    expect(allBatches([], { maxMessages: 5, maxBytes: 5 })).toEqual([]);
  });

  it('cuts each batch to the size asked at that moment, newest first, keeping the byte cap', () => {
    const cutter = createBatchCutter(PendingList.of(pending), 40);
    expect(cutter.next(1)?.map((m) => m.uid)).toEqual([4]);
    expect(cutter.next(5)?.map((m) => m.uid)).toEqual([2]);
    expect(cutter.next(5)?.map((m) => m.uid)).toEqual([3]);
    expect(cutter.next(5)?.map((m) => m.uid)).toEqual([1, 5]);
    expect(cutter.next(5)).toBeNull();
  });

  it('gives every message from the large size on a batch of its own, small ones around it kept together', () => {
    const mixed = [
      { uid: 1, size: 10, internalDate: 5000 },
      { uid: 2, size: 10, internalDate: 4000 },
      { uid: 3, size: 30, internalDate: 3000 },
      { uid: 4, size: 30, internalDate: 2000 },
      { uid: 5, size: 10, internalDate: 1000 },
    ];
    const cutter = createBatchCutter(PendingList.of(mixed), 1000, 30);
    const batches: number[][] = [];
    for (let batch = cutter.next(10); batch; batch = cutter.next(10)) batches.push(batch.map((m) => m.uid));
    expect(batches).toEqual([[1, 2], [3], [4], [5]]);
  });

  it('doubles the batch for a distant server only once a round trip is measured', () => {
    expect(batchSizeFor(250, null)).toBe(250);
    expect(batchSizeFor(250, 2)).toBe(250);
    expect(batchSizeFor(250, FAR_SERVER_MS - 1)).toBe(250);
    expect(batchSizeFor(250, FAR_SERVER_MS)).toBe(500);
    expect(batchSizeFor(250, 120)).toBe(500);
  });

  it('estimates by the slower of message rate and byte rate', () => {
    expect(estimateSeconds(1000, 1_000_000, { messagesPerSecond: 100, bytesPerSecond: 1_000_000 })).toBe(10);
    expect(estimateSeconds(10, 50_000_000, { messagesPerSecond: 100, bytesPerSecond: 1_000_000 })).toBe(50);
    expect(estimateSeconds(0, 0, { messagesPerSecond: 1, bytesPerSecond: 1 })).toBe(0);
  });
});

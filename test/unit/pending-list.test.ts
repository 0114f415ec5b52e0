import { describe, expect, it } from 'vitest';
import type { PendingMessage } from '../../src-main/engine/import/batching.ts';
import { PendingList, RemainingMessages } from '../../src-main/engine/import/pending-list.ts';

const gmail = { gmMsgId: '1700', gmThrId: '1699', labels: ['\\Inbox', 'Receipts'] };
const messages: PendingMessage[] = [
  { uid: 7, size: 1200, internalDate: 1_700_000_000_000 },
  { uid: 3, size: 4_294_967_295, internalDate: null },
  { uid: 9, size: 10, internalDate: 1_800_000_000_000, gmail },
  { uid: 5, size: 0, internalDate: 1_700_000_000_000 },
];
const uids = (list: Iterable<PendingMessage>): number[] => [...list].map((m) => m.uid);

describe('a packed list of messages to download', () => {
  it('gives back each message as planned: sizes to 4 GB, a missing date, Gmail facts', () => {
    const list = PendingList.of(messages);
    expect(list.length).toBe(4);
    expect([...list]).toEqual(messages);
    expect(list.bytes()).toBe(1200 + 4_294_967_295 + 10);
    expect([...PendingList.empty]).toEqual([]);
  });

  it('orders newest first, then by UID, with an undated message last', () => {
    const ordered = PendingList.of(messages).newestFirst();
    expect(uids(ordered)).toEqual([9, 7, 5, 3]);
    expect(ordered.at(0).gmail).toEqual(gmail);
    expect(uids(ordered.slice(0, 2))).toEqual([9, 7]);
  });

  it('packs messages as they arrive', () => {
    const builder = PendingList.builder();
    for (const message of messages) builder.push(message);
    expect([...builder.done()]).toEqual(messages);
  });
});

describe('what is left of a folder to download', () => {
  it('hands out what is left newest first, and forgets what was stored', () => {
    const remaining = new RemainingMessages(PendingList.of(messages));
    expect(remaining.size).toBe(4);
    expect(uids(remaining.snapshot())).toEqual([9, 7, 5, 3]);
    remaining.delete(7);
    remaining.delete(7);
    remaining.delete(42);
    expect(remaining.size).toBe(3);
    expect(remaining.has(7)).toBe(false);
    expect(remaining.has(9)).toBe(true);
    expect(uids(remaining.snapshot())).toEqual([9, 5, 3]);
  });

  it('takes back a message to fetch again, once, and only one of its plan', () => {
    const remaining = new RemainingMessages(PendingList.of(messages));
    remaining.clear();
    expect(remaining.size).toBe(0);
    remaining.restore(3);
    remaining.restore(3);
    remaining.restore(42);
    expect(remaining.size).toBe(1);
    expect([...remaining.snapshot()]).toEqual([messages[1]]);
  });

  it('finds any UID among many', () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({
      uid: (i * 7919) % 10_007 || 10_007,
      size: i,
      internalDate: i,
    }));
    const remaining = new RemainingMessages(PendingList.of(many));
    for (const { uid } of many) remaining.delete(uid);
    expect(remaining.size).toBe(0);
  });
});

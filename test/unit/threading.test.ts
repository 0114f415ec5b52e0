import { describe, expect, it } from 'vitest';
import { threadMessages, type ThreadInput } from '../../src-main/engine/threading/jwz.ts';
import { DAY, msg, T0 } from '../support/thread-input.ts';
import { normalizeSubject, parseSubject } from '../../src-main/engine/threading/subject.ts';

/** Message ids grouped by thread, sorted: easy to read in assertions. */
function groups(result: Map<number, number>): number[][] {
  const byThread = new Map<number, number[]>();
  for (const [id, thread] of result) {
    const members = byThread.get(thread) ?? [];
    members.push(id);
    byThread.set(thread, members);
  }
  return [...byThread.values()]
    .map((ids) => ids.sort((a, b) => a - b))
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/** mulberry32: a tiny seeded PRNG so permutation failures are reproducible. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = a;
  }
  return copy;
}

describe('normalizeSubject', () => {
  it.each([
    ['Re: Hello', 'hello'],
    ['RE: Hello', 'hello'],
    ['Re[2]: Hello', 'hello'],
    ['Re(3): Hello', 'hello'],
    ['AW: Hello', 'hello'],
    ['SV: Hello', 'hello'],
    ['VS: Hello', 'hello'],
    ['Antw: Hello', 'hello'],
    ['Fwd: Hello', 'hello'],
    ['FW: Hello', 'hello'],
    ['Fw: Hello', 'hello'],
    ['WG: Hello', 'hello'],
    ['TR: Hello', 'hello'],
    ['RV: Hello', 'hello'],
    ['Odp: Hello', 'hello'],
    ['回复: Hello', 'hello'],
    ['答复：Hello', 'hello'],
    ['转发： Hello', 'hello'],
    ['Re：Hello', 'hello'],
    ['Re : Hello', 'hello'],
    ['re: RE: Fwd: aw:Hello', 'hello'],
    ['[ops-list] Hello', 'hello'],
    ['Re: [ops-list] Hello', 'hello'],
    ['[ops-list] Re: [other] AW: Hello', 'hello'],
    ['  Hello \t  big\n  World ', 'hello big world'],
    ['Reason: unknown', 'reason: unknown'],
    ['Re:', ''],
    ['[tag]', ''],
    ['', ''],
    [null, ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeSubject(input)).toBe(expected);
  });

  it('reports reply/forward markers but not list tags as replies', () => {
    expect(parseSubject('[ops] Re: Outage')).toEqual({ normalized: 'outage', isReply: true });
    expect(parseSubject('[ops] Outage')).toEqual({ normalized: 'outage', isReply: false });
    expect(parseSubject('Outage').isReply).toBe(false);
  });
});

describe('threadMessages: headers', () => {
  it('threads a simple chain and uses the smallest id as thread id', () => {
    const result = threadMessages([
      msg(3, { inReplyTo: 'm2@example.org', references: ['m1@example.org', 'm2@example.org'] }),
      msg(1),
      msg(2, { inReplyTo: 'm1@example.org', references: ['m1@example.org'] }),
      msg(4),
    ]);
    expect([...result.entries()]).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 4],
    ]);
  });

  it('joins siblings through a missing parent', () => {
    const result = threadMessages([
      msg(10, { inReplyTo: 'ghost@x' }),
      msg(11, { references: ['root@x', 'ghost@x'] }),
      msg(12, { references: ['root@x'] }),
      msg(13),
    ]);
    expect(groups(result)).toEqual([[10, 11, 12], [13]]);
  });

  it('a parent arriving after its replies merges their threads, for any input order', () => {
    const input = [
      msg(5, { references: ['a@x'] }),
      msg(6, { references: ['b@x'] }),
      msg(7, { messageId: 'b@x', references: ['a@x'] }),
      msg(8, { messageId: 'c@x' }),
      msg(9, { inReplyTo: 'c@x', subject: 'Re: Topic', date: T0 + 2 * DAY }),
      msg(2, { subject: 'Topic', date: T0 }),
      msg(3, { subject: 'Re: Topic', date: T0 + DAY }),
      msg(4, { subject: 'Fwd: Other', date: T0 + DAY }),
      msg(1, { gmThreadId: '42' }),
      msg(20, { gmThreadId: '42', references: ['z@x'] }),
      msg(21, { messageId: 'z@x' }),
      msg(22, { messageId: 'dup@x' }),
      msg(23, { messageId: 'dup@x' }),
      msg(24, { references: ['loop1@x'], messageId: 'loop2@x' }),
      msg(25, { references: ['loop2@x'], messageId: 'loop1@x' }),
    ];
    const expected = [...threadMessages(input).entries()];
    expect(groups(threadMessages(input))).toEqual([
      [1, 20, 21],
      [2, 3],
      [4],
      [5, 6, 7],
      [8, 9],
      [22, 23],
      [24, 25],
    ]);
    const random = prng(12345);
    for (let round = 0; round < 300; round++) {
      expect([...threadMessages(shuffled(input, random)).entries()]).toEqual(expected);
    }
  });

  it('survives loops in References and self-references', () => {
    const result = threadMessages([
      msg(1, { messageId: 'a', references: ['b'] }),
      msg(2, { messageId: 'b', references: ['a'] }),
      msg(3, { messageId: 'c', references: ['c', 'c'], inReplyTo: 'c' }),
      msg(4, { messageId: 'd', references: ['e', 'd', 'e'] }),
      msg(5, { messageId: 'e', references: ['d'] }),
    ]);
    expect(groups(result)).toEqual([[1, 2], [3], [4, 5]]);
  });

  it('a self-referencing reply still links by subject', () => {
    const result = threadMessages([
      msg(1, { subject: 'Budget' }),
      msg(2, { messageId: 'self', references: ['self'], subject: 'Re: Budget' }),
    ]);
    expect(groups(result)).toEqual([[1, 2]]);
  });

  it('treats a Message-ID shared by different messages as one container', () => {
    const result = threadMessages([
      msg(1, { messageId: 'same@x' }),
      msg(2, { messageId: 'same@x' }),
      msg(3, { inReplyTo: 'same@x' }),
      msg(4, { messageId: 'other@x' }),
    ]);
    expect(groups(result)).toEqual([[1, 2, 3], [4]]);
  });

  it('threads a message without Message-ID through In-Reply-To and References', () => {
    const result = threadMessages([
      msg(1),
      msg(2, { messageId: null, inReplyTo: 'm1@example.org' }),
      msg(3, { messageId: null, references: ['m2@example.org', 'm1@example.org'] }),
      msg(4, { messageId: null }),
      msg(5, { messageId: '  ' }),
    ]);
    expect(groups(result)).toEqual([[1, 2, 3], [4], [5]]);
  });

  it('ignores angle brackets and surrounding whitespace in ids', () => {
    const result = threadMessages([msg(1, { messageId: 'x@y' }), msg(2, { inReplyTo: ' <x@y> ' })]);
    expect(groups(result)).toEqual([[1, 2]]);
  });

  it('groups by Gmail thread id and unions it with header links', () => {
    const result = threadMessages([
      msg(1, { gmThreadId: '1001' }),
      msg(2, { gmThreadId: '1001' }),
      msg(3, { gmThreadId: '1002', inReplyTo: 'm4@example.org' }),
      msg(4),
      msg(5, { gmThreadId: '1003' }),
      msg(6, { gmThreadId: null }),
      // A Gmail thread id never meets a Message-ID with the same text.
      msg(7, { messageId: '1003' }),
    ]);
    expect(groups(result)).toEqual([[1, 2], [3, 4], [5], [6], [7]]);
  });
});

describe('threadMessages: subjects', () => {
  const prefixes = ['Re:', 'RE:', 'Re[2]:', 'Re(2):', 'AW:', 'SV:', 'VS:', 'Antw:', 'Fwd:', 'FW:', 'Fw:'];
  const more = ['WG:', 'TR:', 'RV:', 'Odp:', '回复:', '答复：', '转发:', '[ops-list] Re:', 'Re: [ops-list]'];
  it.each([...prefixes, ...more])('%s reply joins its original', (prefix) => {
    const result = threadMessages([
      msg(1, { subject: '[ops-list] Quarterly  report' }),
      msg(2, { subject: `${prefix} quarterly report` }),
    ]);
    expect(groups(result)).toEqual([[1, 2]]);
  });

  it('keeps unprefixed messages with the same subject apart', () => {
    const result = threadMessages([
      msg(1, { subject: 'Meeting' }),
      msg(2, { subject: 'Meeting' }),
      msg(3, { subject: '[list] Meeting' }),
    ]);
    expect(groups(result)).toEqual([[1], [2], [3]]);
  });

  it('links a reply to the nearest earlier message with that subject', () => {
    const result = threadMessages([
      msg(1, { subject: 'Meeting', date: T0 }),
      msg(2, { subject: 'Meeting', date: T0 + 10 * DAY }),
      msg(3, { subject: 'Re: Meeting', date: T0 + 11 * DAY }),
      msg(4, { subject: 'Re: Meeting', date: T0 + 12 * DAY }),
    ]);
    expect(groups(result)).toEqual([[1], [2, 3, 4]]);
  });

  it('links to a later message when nothing earlier is in the window', () => {
    const result = threadMessages([
      msg(1, { subject: 'Plan', date: T0 }),
      msg(2, { subject: 'Re: Plan', date: T0 + 40 * DAY }),
      msg(3, { subject: 'Plan', date: T0 + 45 * DAY }),
    ]);
    expect(groups(result)).toEqual([[1], [2, 3]]);
  });

  it('keeps subject replies outside the window apart', () => {
    const input = [
      msg(1, { subject: 'Plan', date: T0 }),
      msg(2, { subject: 'Re: Plan', date: T0 + 31 * DAY }),
    ];
    expect(groups(threadMessages(input))).toEqual([[1], [2]]);
    expect(groups(threadMessages(input, { subjectWindowMs: 32 * DAY }))).toEqual([[1, 2]]);
    expect(groups(threadMessages(input, { subjectWindowMs: DAY }))).toEqual([[1], [2]]);
  });

  it('moves a reply by subject only when its parent is not in the archive', () => {
    const result = threadMessages([
      msg(1, { subject: 'Status' }),
      // Parents absent from the archive (Junk, Trash, deleted): JWZ's subject step joins them.
      msg(2, { subject: 'Re: Status', inReplyTo: 'elsewhere@x' }),
      msg(3, { subject: 'Re: Status', references: ['elsewhere2@x'] }),
      // The parent is here: the headers decide, whatever the subject says.
      msg(4, { subject: 'Budget' }),
      msg(5, { subject: 'Re: Status', inReplyTo: 'm4@example.org' }),
    ]);
    expect(groups(result)).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('never links empty subjects or messages without a usable date', () => {
    const result = threadMessages([
      msg(1, { subject: 'Re:' }),
      msg(2, { subject: 'Re: [list]' }),
      msg(3, { subject: null }),
      msg(4, { subject: 'Lunch' }),
      msg(5, { subject: 'Re: Lunch', date: Number.NaN }),
    ]);
    expect(groups(result)).toEqual([[1], [2], [3], [4], [5]]);
  });

  it('rejects a negative or NaN window', () => {
    expect(() => threadMessages([], { subjectWindowMs: -1 })).toThrow(RangeError);
    expect(() => threadMessages([], { subjectWindowMs: Number.NaN })).toThrow(RangeError);
    expect(threadMessages([])).toEqual(new Map());
  });
});

// Speed itself is measured outside the tests (a timed assertion only measures the machine's load); a step
// quadratic in the archive or in one subject group would run into the test timeout here.
describe('threadMessages: scale', () => {
  it('threads 50,000 messages', () => {
    const random = prng(7);
    const input: ThreadInput[] = [];
    for (let id = 1; id <= 50_000; id++) {
      const thread = Math.floor(random() * 10_000);
      const parent = `t${String(thread)}-${String(Math.floor(random() * 5))}@x`;
      const kind = id % 4;
      input.push({
        id,
        messageId: `t${String(thread)}-${String(id % 5)}@x`,
        inReplyTo: kind === 0 ? parent : null,
        references: kind === 1 ? [`t${String(thread)}-root@x`, parent] : [],
        subject: `${kind === 2 ? 'Re: ' : ''}Subject ${String(thread)}`,
        date: T0 + Math.floor(random() * 365) * DAY,
        gmThreadId: kind === 3 ? `g${String(thread)}` : null,
      });
    }
    const result = threadMessages(shuffled(input, random));
    expect(result.size).toBe(50_000);
  });

  it('joins 50,000 replies that share one subject and lost their parents', () => {
    const lost = Array.from({ length: 50_000 }, (_, i) =>
      msg(i + 1, { subject: 'Re: Status', date: T0 + i * 60_000 }),
    );
    const underOneGhost = lost.map((m) => ({ ...m, inReplyTo: 'absent@x' }));
    for (const input of [lost, underOneGhost]) {
      expect(new Set(threadMessages(input).values())).toEqual(new Set([1]));
    }
  });
});

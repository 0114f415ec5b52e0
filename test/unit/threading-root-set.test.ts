import { describe, expect, it } from 'vitest';
import { threadMessages, type ThreadInput } from '../../src-main/engine/threading/jwz.ts';
import { DAY, HOUR, msg, T0 } from '../support/thread-input.ts';
import { isGenericSubject } from '../../src-main/engine/threading/subject.ts';

/** Message ids grouped by thread, sorted. */
function groups(messages: ThreadInput[]): number[][] {
  const byThread = new Map<number, number[]>();
  for (const [id, thread] of threadMessages(messages))
    byThread.set(thread, [...(byThread.get(thread) ?? []), id]);
  return [...byThread.values()]
    .map((ids) => ids.sort((a, b) => a - b))
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

describe('threadMessages: threads whose parent is missing', () => {
  it('joins a whole subtree under a parent the archive lacks to the thread with its subject', () => {
    expect(
      groups([
        msg(1, { subject: 'Offsite planning', date: T0 }),
        msg(2, { subject: 'Re: Offsite planning', inReplyTo: 'm1@example.org', date: T0 + DAY }),
        // 3's parent sits in Trash, which is not imported; 4 and 5 answer 3.
        msg(3, { subject: 'AW: Offsite planning', references: ['in-trash@x'], date: T0 + 2 * DAY }),
        msg(4, { subject: 'Re: AW: Offsite planning', references: ['in-trash@x', 'm3@example.org'] }),
        msg(5, { subject: 'Offsite planning (room booked)', inReplyTo: 'm4@example.org' }),
      ]),
    ).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('joins a reply under a missing parent even without a Re: marker', () => {
    expect(
      groups([
        msg(1, { subject: 'Server migration' }),
        msg(2, { subject: 'Server migration', inReplyTo: 'deleted@x' }),
      ]),
    ).toEqual([[1, 2]]);
  });

  it('joins the pieces of a thread whose first message is missing to each other', () => {
    expect(
      groups([
        msg(1, { subject: 'Re: Lease agreement', inReplyTo: 'junk-1@x', date: T0 }),
        msg(2, { subject: 'RE: Lease agreement', inReplyTo: 'junk-2@x', date: T0 + DAY }),
        msg(3, { subject: 'Re: Lease agreement', date: T0 + 2 * DAY }),
      ]),
    ).toEqual([[1, 2, 3]]);
  });

  it('prefers the thread already going on to a nearer one that starts after the reply', () => {
    expect(
      groups([
        msg(1, { subject: 'Hiring plan', date: T0 }),
        msg(2, { subject: 'Re: Hiring plan', inReplyTo: 'absent@x', date: T0 + 10 * DAY }),
        msg(3, { subject: 'Hiring plan', date: T0 + 10 * DAY + HOUR }),
      ]),
    ).toEqual([[1, 2], [3]]);
  });

  it('never joins two threads that each have their own first message, even through a reply', () => {
    // 2 and 3 could each belong to either thread; each joins one, so 1 and 4 stay apart.
    const result = groups([
      msg(1, { subject: 'Plan', date: T0 }),
      msg(2, { subject: 'Re: Plan', inReplyTo: 'gone@x', date: T0 + 5 * DAY }),
      msg(3, { subject: 'Re: Plan', date: T0 + 9 * DAY }),
      msg(4, { subject: 'Plan', date: T0 + 9 * DAY + HOUR }),
      msg(5, { subject: 'Re: Plan', inReplyTo: 'm4@example.org', date: T0 + 12 * DAY }),
    ]);
    expect(result).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });
});

describe('threadMessages: guards against joining unrelated mail', () => {
  it.each([
    ['hi', 'Re: Hi!'],
    ['Hello', 'AW: hello'],
    ['(no subject)', 'Re: (No Subject)'],
    ['', 'Re:'],
    ['Question', 'RE: question?'],
    ['Thanks', 'Fwd: Thanks!'],
    ['Mérci', 'Re: merci'],
    ['Test', 'Re: TEST'],
    ['Update', 'SV: Update'],
    ['Kein Betreff', 'WG: Kein Betreff'],
  ])('two unrelated threads with the generic subject %j stay apart', (subject, reply) => {
    expect(
      groups([
        msg(1, { subject, date: T0 }),
        msg(2, { subject: reply, inReplyTo: 'm1@example.org', date: T0 + HOUR }),
        // Another conversation an hour later whose headers were lost or whose parent is missing.
        msg(3, { subject: reply, date: T0 + 2 * HOUR }),
        msg(4, { subject: reply, inReplyTo: 'not-here@x', date: T0 + 3 * HOUR }),
      ]),
    ).toEqual([[1, 2], [3], [4]]);
  });

  it('keeps the same specific subject six months apart in two threads', () => {
    expect(
      groups([
        msg(1, { subject: 'Annual report 2024', date: T0 }),
        msg(2, { subject: 'Re: Annual report 2024', inReplyTo: 'm1@example.org', date: T0 + DAY }),
        // Half a year later the same subject comes back: a new thread whose first message is missing.
        msg(3, { subject: 'Re: Annual report 2024', inReplyTo: 'absent@x', date: T0 + 182 * DAY }),
        msg(4, { subject: 'RE: Annual report 2024', date: T0 + 183 * DAY }),
      ]),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('measures the 30-day window between the nearest dates of the two threads', () => {
    const thread = [
      msg(1, { subject: 'Budget', date: T0 }),
      msg(2, { subject: 'Re: Budget', inReplyTo: 'm1@example.org', date: T0 + 20 * DAY }),
    ];
    // 25 days after the thread's last message (45 after its first): joins.
    const near = msg(3, { subject: 'Re: Budget', inReplyTo: 'x@x', date: T0 + 45 * DAY });
    expect(groups([...thread, near])).toEqual([[1, 2, 3]]);
    // 31 days after it: stays apart.
    const far = msg(3, { subject: 'Re: Budget', inReplyTo: 'x@x', date: T0 + 51 * DAY });
    expect(groups([...thread, far])).toEqual([[1, 2], [3]]);
  });

  it("keeps Gmail's threads: a Gmail-threaded reply joins only mail Gmail did not thread", () => {
    expect(
      groups([
        msg(1, { subject: 'Kickoff', gmThreadId: '100' }),
        // Gmail put 2 in a thread of its own: its References were lost, but Gmail's id still says so.
        msg(2, { subject: 'Re: Kickoff', gmThreadId: '200' }),
        msg(3, { subject: 'Kickoff', date: T0 + 40 * DAY }),
        msg(4, { subject: 'Re: Kickoff', gmThreadId: '300', date: T0 + 41 * DAY }),
        msg(5, { subject: 'Re: Kickoff', date: T0 + 42 * DAY }),
      ]),
    ).toEqual([[1], [2], [3, 4, 5]]);
  });
});

describe('isGenericSubject', () => {
  it.each(['', 'hi', 'Hi!!', 'HELLO', '(no subject)', 'Thánks', 'thank you!', '???', '…', 'quick question'])(
    '%j is generic',
    (subject) => {
      expect(isGenericSubject(subject.toLowerCase())).toBe(true);
    },
  );
  it.each([
    'hi john',
    'meeting',
    'question about the invoice',
    'test results q3',
    'update: server 7',
    '会議',
  ])('%j is not', (subject) => {
    expect(isGenericSubject(subject)).toBe(false);
  });
});

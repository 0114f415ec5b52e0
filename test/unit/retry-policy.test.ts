import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyFailure, DEFAULT_BACKOFF } from '../../src-main/engine/import/retry-policy.ts';
import { guardStalls, StallError } from '../../src-main/engine/import/stall.ts';
import { createThrottle, utcDay } from '../../src-main/engine/import/throttle.ts';
import { MailtroveError } from '../../src-main/engine/errors.ts';
import { parseUidSet, toUidSet } from '../../src-main/engine/imap/uid-set.ts';

const commandFailure = (status: string, text: string): Error =>
  Object.assign(new Error('Command failed'), { responseStatus: status, responseText: text });

describe('classifyFailure', () => {
  it('stops at once on a rejected login, never retrying a wrong password', () => {
    const auth = Object.assign(new Error('Authentication failed'), { authenticationFailed: true });
    expect(classifyFailure(auth).type).toBe('fatal');
    expect(classifyFailure(new MailtroveError('auth', 'wrong password')).type).toBe('fatal');
  });

  it('stops on archive errors such as a full disk', () => {
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    expect(classifyFailure(full).type).toBe('fatal');
  });

  it.each([
    ['Gmail', 'NO', '[THROTTLED] System busy'],
    ['Gmail bandwidth', 'NO', 'Account exceeded command or bandwidth limits. (Failure)'],
    ['Microsoft 365', 'BAD', 'Request is throttled. Suggested Backoff Time: 2500 milliseconds'],
    ['connection limit', 'NO', 'Too many simultaneous connections. (Failure)'],
  ])('backs off on %s throttling', (_name, status, text) => {
    const decision = classifyFailure(commandFailure(status, text));
    expect(decision).toMatchObject({ type: 'retry', throttled: true });
  });

  it("honours Microsoft 365's suggested backoff time", () => {
    const decision = classifyFailure(
      commandFailure('BAD', 'Request is throttled. Suggested Backoff Time: 2500 milliseconds'),
    );
    expect(decision.type === 'retry' && decision.suggestedDelayMs).toBe(2500);
  });

  it('retries plain NO/BAD/BYE answers, resets, timeouts and stalls', () => {
    expect(classifyFailure(commandFailure('NO', 'Server error')).type).toBe('retry');
    expect(classifyFailure(commandFailure('BYE', 'shutting down')).type).toBe('retry');
    for (const code of ['NoConnection', 'ECONNRESET', 'ETIMEOUT', 'EPIPE']) {
      expect(classifyFailure(Object.assign(new Error(code), { code })).type).toBe('retry');
    }
    expect(classifyFailure(new StallError(5000)).type).toBe('retry');
    expect(classifyFailure(new MailtroveError('connection', 'refused')).type).toBe('retry');
  });

  it('treats unknown errors (bugs) as fatal instead of looping on them', () => {
    expect(classifyFailure(new TypeError('x is undefined')).type).toBe('fatal');
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt with jitter between half and the full delay, up to the cap', () => {
    const policy = { baseDelayMs: 1000, maxDelayMs: 8000 };
    expect(backoffDelay(1, policy, null, () => 0)).toBe(500);
    expect(backoffDelay(1, policy, null, () => 1)).toBe(1000);
    expect(backoffDelay(3, policy, null, () => 1)).toBe(4000);
    expect(backoffDelay(10, policy, null, () => 1)).toBe(8000);
    const spread = new Set(Array.from({ length: 20 }, () => backoffDelay(4, policy, null)));
    expect(spread.size).toBeGreaterThan(1);
  });

  it("waits at least the server's suggestion", () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, 30_000, () => 0)).toBe(30_000);
    expect(backoffDelay(1, DEFAULT_BACKOFF, 30_000, () => 1)).toBeGreaterThanOrEqual(30_000);
  });
});

describe('createThrottle', () => {
  const clock = (): { now: () => number; sleep: (ms: number) => Promise<void>; waited: number[] } => {
    let t = Date.parse('2026-03-01T10:00:00Z');
    const waited: number[] = [];
    return {
      now: () => t,
      sleep: (ms: number) => {
        waited.push(ms);
        t += ms;
        return Promise.resolve();
      },
      waited,
    };
  };
  const noBudget = { usedOn: () => 0, add: () => undefined };

  it('sends at most N commands in any minute', async () => {
    const c = clock();
    const throttle = createThrottle(
      { callsPerMinute: 3, bytesPerSecond: null, dailyBudgetBytes: null },
      { budget: noBudget, now: c.now, sleep: c.sleep },
    );
    const start = c.now();
    for (let i = 0; i < 7; i += 1) await throttle.command();
    // 3 at once, 3 a minute later, the 7th two minutes later
    expect(c.now() - start).toBe(120_000);
  });

  it('keeps the average download rate at the byte limit', async () => {
    const c = clock();
    const throttle = createThrottle(
      { callsPerMinute: null, bytesPerSecond: 1000, dailyBudgetBytes: null },
      { budget: noBudget, now: c.now, sleep: c.sleep },
    );
    const start = c.now();
    for (let i = 0; i < 10; i += 1) await throttle.download(1000);
    // the first second's worth is the bucket; the other nine each wait their second
    expect(c.now() - start).toBe(9000);
  });

  it('waits for the next UTC day when the daily budget is spent, and says why', async () => {
    const c = clock();
    const used = new Map<string, number>();
    const reasons: string[] = [];
    const throttle = createThrottle(
      { callsPerMinute: null, bytesPerSecond: null, dailyBudgetBytes: 10 * 1048576 },
      {
        budget: {
          usedOn: (day) => used.get(day) ?? 0,
          add: (day, bytes) => used.set(day, (used.get(day) ?? 0) + bytes),
        },
        now: c.now,
        sleep: c.sleep,
        onWait: (reason) => reasons.push(reason),
      },
    );
    await throttle.download(6 * 1048576);
    throttle.downloaded(6 * 1048576);
    expect(c.waited).toEqual([]);
    await throttle.download(6 * 1048576);
    expect(utcDay(c.now())).toBe('2026-03-02');
    expect(c.now()).toBe(Date.parse('2026-03-02T00:00:00Z'));
    expect(reasons[0]).toMatch(/daily download budget \(10 MB\) is spent/);
  });
});

describe('guardStalls', () => {
  it('passes items through and throws StallError after cutting a source that goes quiet', async () => {
    let cut = false;
    async function* source(): AsyncGenerator<number> {
      yield 1;
      yield 2;
      await new Promise((resolve) => setTimeout(resolve, 5000));
      yield 3;
    }
    const seen: number[] = [];
    const run = async (): Promise<void> => {
      for await (const n of guardStalls(source(), 50, () => (cut = true))) seen.push(n);
    };
    await expect(run()).rejects.toBeInstanceOf(StallError);
    expect(seen).toEqual([1, 2]);
    expect(cut).toBe(true);
  });
});

describe('UID sets', () => {
  it('round-trip through the compact form kept for completeness', () => {
    const uids = [1, 2, 3, 5, 9, 10, 11, 200];
    expect(toUidSet(uids)).toBe('1:3,5,9:11,200');
    expect(parseUidSet(toUidSet(uids))).toEqual(uids);
    expect(parseUidSet('')).toEqual([]);
  });
});

describe('classifyFailure on what imapflow really raises', () => {
  it('spots [THROTTLED] in the parsed response even though imapflow strips it from responseText', () => {
    const error = Object.assign(new Error('Command failed'), {
      responseStatus: 'NO',
      responseText: 'Too many commands.',
      response: { attributes: [{ section: [{ value: 'THROTTLED' }] }] },
    });
    expect(classifyFailure(error)).toMatchObject({ type: 'retry', throttled: true });
  });
});

import { describe, expect, it } from 'vitest';
import { createThrottle, utcHour } from '../../src-main/engine/import/throttle.ts';

const MB = 1048576;

/** A fake clock the throttle sleeps on, and a budget store keyed as the archive keys it. */
function setup(startIso: string): {
  throttle: ReturnType<typeof createThrottle>;
  at: (iso: string) => void;
  now: () => number;
  used: Map<string, number>;
  waits: { reason: string; until: number }[];
} {
  let t = Date.parse(startIso);
  const used = new Map<string, number>();
  const waits: { reason: string; until: number }[] = [];
  const throttle = createThrottle(
    { callsPerMinute: null, bytesPerSecond: null, dailyBudgetBytes: 10 * MB },
    {
      rolling: true,
      budget: {
        usedOn: (key) => used.get(key) ?? 0,
        add: (key, bytes) => used.set(key, (used.get(key) ?? 0) + bytes),
      },
      now: () => t,
      sleep: (ms) => {
        t += ms;
        return Promise.resolve();
      },
      onWait: (reason, until) => waits.push({ reason, until }),
    },
  );
  return { throttle, at: (iso) => (t = Date.parse(iso)), now: () => t, used, waits };
}

describe('the rolling 24-hour download budget (Gmail)', () => {
  it('waits until the oldest bytes leave the window, not for midnight, and says when it resumes', async () => {
    const s = setup('2026-03-01T10:20:00Z');
    await s.throttle.download(3 * MB);
    s.throttle.downloaded(3 * MB);
    s.at('2026-03-01T12:05:00Z');
    await s.throttle.download(5 * MB);
    s.throttle.downloaded(5 * MB);
    expect(s.waits).toEqual([]);
    expect([...s.used.keys()]).toEqual(['2026-03-01T10', '2026-03-01T12']);

    // 8 MB in the window: 4 more fit once the 3 MB of 10:00 are 24 hours old.
    s.at('2026-03-01T23:59:00Z');
    await s.throttle.download(4 * MB);
    expect(new Date(s.now()).toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(s.waits).toEqual([
      {
        reason: 'the 24-hour download budget (10 MB) is spent; continuing at 2026-03-02 10:00 UTC',
        until: Date.parse('2026-03-02T10:00:00Z'),
      },
    ]);
    s.throttle.downloaded(4 * MB);
    expect(s.used.get(utcHour(s.now()))).toBe(4 * MB);
  });

  it('lets a batch bigger than the whole budget go once the window is empty', async () => {
    const s = setup('2026-03-01T10:00:00Z');
    await s.throttle.download(30 * MB);
    expect(s.waits).toEqual([]);
    s.throttle.downloaded(30 * MB);
    await s.throttle.download(1);
    expect(new Date(s.now()).toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });
});

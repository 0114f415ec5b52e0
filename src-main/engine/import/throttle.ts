import { setTimeout as sleepFor } from 'node:timers/promises';

import type { ImportLimits } from '../../../src-shared/domain.ts';

/** A user's limits for one import (commands per minute, bytes per second, daily budget). */
export type ThrottleLimits = ImportLimits;

export const NO_LIMITS: ThrottleLimits = {
  callsPerMinute: null,
  bytesPerSecond: null,
  dailyBudgetBytes: null,
};

export interface Throttle {
  /** resolves when one more IMAP command may be sent */
  command(signal?: AbortSignal): Promise<void>;
  /** resolves when `bytes` more may be downloaded; call before a FETCH with its planned size */
  download(bytes: number, signal?: AbortSignal): Promise<void>;
  /** records what a FETCH actually brought, for the daily budget */
  downloaded(bytes: number): void;
}

export interface ThrottleDeps {
  /**
   * bytes downloaded for the account per UTC day ("2026-03-01"), or per UTC hour ("2026-03-01T10") with a
   * rolling window (persisted, so a restart does not reset the budget)
   */
  budget: { usedOn(day: string): number; add(day: string, bytes: number): void };
  /**
   * the budget counts the last 24 hours (hour by hour) instead of the UTC day: Gmail's allowance rolls,
   * so waiting for midnight UTC would either stop too early or resume too soon
   */
  rolling?: boolean;
  /** told before every wait of a second or more: why, and until when (epoch ms) */
  onWait?: (reason: string, until: number) => void;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const MINUTE = 60_000;
const HOUR = 3600_000;
/** Waits shorter than this are pacing, not worth telling the user about. */
const REPORTED_WAIT_MS = 1000;

/**
 * Paces an import: a sliding one-minute window for commands, a byte bucket that may go into debt (a big
 * message is fetched, then the run waits it off) for bytes per second, and a per-day byte budget that
 * waits for the next UTC day when spent (or, rolling, until enough of the last 24 hours have passed).
 */
export function createThrottle(limits: ThrottleLimits, deps: ThrottleDeps): Throttle {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number, signal?: AbortSignal) => sleepFor(ms, undefined, { signal }));
  const recentCalls: number[] = [];
  let byteTokens = limits.bytesPerSecond ?? 0;
  let tokensAt = now();

  const wait = async (ms: number, reason: string, signal?: AbortSignal): Promise<void> => {
    if (ms <= 0) return;
    if (ms >= REPORTED_WAIT_MS) deps.onWait?.(reason, now() + ms);
    await sleep(ms, signal);
  };

  return {
    async command(signal) {
      const limit = limits.callsPerMinute;
      if (limit === null) return;
      for (;;) {
        const t = now();
        while (recentCalls.length > 0 && (recentCalls[0] ?? 0) <= t - MINUTE) recentCalls.shift();
        if (recentCalls.length < limit) {
          recentCalls.push(t);
          return;
        }
        const oldest = recentCalls[0] ?? t;
        await wait(oldest + MINUTE - t, `at the limit of ${limit} commands per minute`, signal);
      }
    },
    async download(bytes, signal) {
      const budget = limits.dailyBudgetBytes;
      if (budget !== null && deps.rolling === true) {
        const resume = rollingResume(budget, bytes, now(), (hour) => deps.budget.usedOn(hour));
        if (resume !== null) {
          await wait(
            resume - now(),
            `the 24-hour download budget (${Math.round(budget / 1048576)} MB) is spent; continuing at ` +
              `${new Date(resume).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
            signal,
          );
        }
      } else if (budget !== null) {
        const day = utcDay(now());
        const used = deps.budget.usedOn(day);
        // A batch bigger than the whole budget still goes once a day, or it could never be fetched.
        if (used > 0 && used + bytes > budget) {
          const nextDay = Date.parse(`${day}T00:00:00Z`) + 24 * 3600_000;
          await wait(
            nextDay - now(),
            `the daily download budget (${Math.round(budget / 1048576)} MB) is spent; continuing at 00:00 UTC`,
            signal,
          );
        }
      }
      const rate = limits.bytesPerSecond;
      if (rate === null) return;
      const t = now();
      byteTokens = Math.min(rate, byteTokens + ((t - tokensAt) / 1000) * rate);
      tokensAt = t;
      byteTokens -= bytes;
      if (byteTokens < 0) {
        await wait(
          Math.ceil((-byteTokens / rate) * 1000),
          `at the limit of ${rate} bytes per second`,
          signal,
        );
      }
    },
    downloaded(bytes) {
      if (limits.dailyBudgetBytes === null || bytes <= 0) return;
      deps.budget.add(deps.rolling === true ? utcHour(now()) : utcDay(now()), bytes);
    },
  };
}

/**
 * When `bytes` more fit in the budget of the last 24 hours, counted in whole UTC hours: null for now, else
 * the moment enough of the oldest hours have left the window. Like the daily budget, a batch bigger than the
 * whole budget goes once nothing else is in the window.
 */
function rollingResume(
  budget: number,
  bytes: number,
  at: number,
  usedOn: (hour: string) => number,
): number | null {
  const thisHour = Math.floor(at / HOUR) * HOUR;
  // Oldest first: the hour that leaves the window next is the first to give its bytes back.
  const hours = Array.from({ length: 24 }, (_, i) => thisHour - (23 - i) * HOUR);
  const used = hours.map((h) => usedOn(utcHour(h)));
  let total = used.reduce((a, b) => a + b, 0);
  if (total === 0 || total + bytes <= budget) return null;
  for (const [i, hour] of hours.entries()) {
    total -= used[i] ?? 0;
    if (total === 0 || total + bytes <= budget) return hour + 24 * HOUR;
  }
  return thisHour + 24 * HOUR;
}

export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The UTC hour as the rolling budget keys it, e.g. "2026-03-01T10". */
export function utcHour(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 13);
}

import { setTimeout as sleepFor } from 'node:timers/promises';
import type { ImapFlow } from 'imapflow';
import { MailtroveError } from '../errors.ts';
import type { ImapSession } from '../imap/session.ts';
import { backoffDelay, classifyFailure, DEFAULT_BACKOFF, type BackoffPolicy } from './retry-policy.ts';

export interface RetryOptions extends BackoffPolicy {
  /** attempts in a row without progress before the run fails with a clear message */
  maxRetries: number;
}

export const DEFAULT_RETRY: RetryOptions = { ...DEFAULT_BACKOFF, maxRetries: 10 };

export interface Resilience {
  /** runs `op` with the session's client; on a retryable failure backs off, reconnects and runs it again */
  run<T>(what: string, op: (client: ImapFlow) => Promise<T>): Promise<T>;
  /**
   * the server delivered (a message, or a FETCH that ended normally): the count of retries in a row starts
   * over. Counted on arrival, not on commit: a folder's last writes land while the next folder already
   * fetches, and must not reset that folder's count.
   */
  progressed(): void;
  /** retries so far in this run */
  readonly retries: number;
}

/** Ends a backoff wait early ("Retry now"); a wait listens to the signal current when it starts. */
export interface WaitBreaker {
  readonly signal: AbortSignal;
}

/** A breaker and the way to fire it: every wait under way ends, the next ones wait again. */
export function createWaitBreaker(): WaitBreaker & { breakWait(): void } {
  let controller = new AbortController();
  return {
    get signal() {
      return controller.signal;
    },
    breakWait() {
      controller.abort();
      controller = new AbortController();
    },
  };
}

export interface ResilienceDeps {
  session: ImapSession;
  options: RetryOptions;
  signal?: AbortSignal;
  /** the user's "Retry now" */
  breaker?: WaitBreaker | undefined;
  /** before each backoff wait: why, and until when (epoch ms) */
  onWait?: (reason: string, until: number) => void;
  onResume?: () => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/**
 * The retry loop for throttling and dropped connections: exponential backoff with jitter (a server's suggested
 * delay honoured), a fresh client after each failure, and a cap on retries in a row. Authentication
 * failures and archive errors are never retried.
 */
export function createResilience(deps: ResilienceDeps): Resilience {
  const sleep = deps.sleep ?? ((ms: number, signal?: AbortSignal) => sleepFor(ms, undefined, { signal }));
  let inARow = 0;
  let total = 0;
  // Token expiries since the last progress: the first is routine (refresh, reconnect, go on, not counted);
  // another one without progress in between is counted and backed off like any failure.
  let expiries = 0;
  return {
    get retries() {
      return total;
    },
    progressed() {
      inARow = 0;
      expiries = 0;
    },
    async run(what, op) {
      for (;;) {
        deps.signal?.throwIfAborted();
        try {
          return await op(deps.session.client);
        } catch (error) {
          if (deps.signal?.aborted) throw error;
          await recover(what, error);
        }
      }
    },
  };

  async function recover(what: string, error: unknown): Promise<void> {
    let failure = error;
    for (;;) {
      const decision = classifyFailure(failure);
      if (decision.type === 'fatal') throw failure;
      if (decision.tokenExpired && expiries++ === 0) {
        try {
          await deps.session.reconnect({ freshToken: true });
          deps.onResume?.();
          return;
        } catch (reconnectError) {
          if (deps.signal?.aborted) throw reconnectError;
          failure = reconnectError;
          continue;
        }
      }
      inARow += 1;
      total += 1;
      if (inARow > deps.options.maxRetries) {
        throw new MailtroveError(
          'connection',
          `Gave up ${what} after ${deps.options.maxRetries} retries in a row: ${decision.reason}.`,
          {
            hint: 'Everything fetched so far is archived; run the import again (or resume the job) later.',
            cause: failure,
          },
        );
      }
      const delay = backoffDelay(inARow, deps.options, decision.suggestedDelayMs, deps.random);
      deps.onWait?.(`${decision.reason}; retry ${inARow} in ${formatDelay(delay)}`, Date.now() + delay);
      await waitUnlessWoken(delay);
      try {
        await deps.session.reconnect(decision.tokenExpired ? { freshToken: true } : {});
        deps.onResume?.();
        return;
      } catch (reconnectError) {
        if (deps.signal?.aborted) throw reconnectError;
        failure = reconnectError;
      }
    }
  }

  /** Sleeps the backoff delay; "Retry now" ends it early, a pause or cancel still stops the run. */
  async function waitUnlessWoken(delay: number): Promise<void> {
    const woken = deps.breaker?.signal;
    const signals = [deps.signal, woken].filter((s): s is AbortSignal => s !== undefined);
    try {
      await sleep(delay, signals.length > 1 ? AbortSignal.any(signals) : signals[0]);
    } catch (error) {
      if (deps.signal?.aborted || woken?.aborted !== true) throw error;
    }
  }
}

function formatDelay(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

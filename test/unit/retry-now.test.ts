import { ImapFlow } from 'imapflow';
import { describe, expect, it } from 'vitest';
import type { ImapSession } from '../../src-main/engine/imap/session.ts';
import { createResilience, createWaitBreaker } from '../../src-main/engine/import/retry-loop.ts';
import { MailtroveError } from '../../src-main/engine/errors.ts';

/** A session whose reconnects are counted; its client (never connected) is not used by these ops. */
function fakeSession(): ImapSession & { reconnects: number } {
  const session = {
    client: new ImapFlow({ host: '127.0.0.1', port: 1, secure: false, logger: false }),
    connections: 1,
    reconnects: 0,
    reconnect: () => {
      session.reconnects += 1;
      return Promise.resolve();
    },
    abort: () => undefined,
    close: () => Promise.resolve(),
  };
  return session;
}

// An hour's backoff: the test ends only if "Retry now" really cuts it short.
const options = { baseDelayMs: 3_600_000, maxDelayMs: 3_600_000, maxRetries: 5 };
const dropped = (): MailtroveError => new MailtroveError('connection', 'connection lost');

describe('"Retry now" during a backoff', () => {
  it('ends the wait at once: the loop reconnects and runs the operation again', async () => {
    const session = fakeSession();
    const breaker = createWaitBreaker();
    const waits: string[] = [];
    const resilience = createResilience({
      session,
      options,
      breaker,
      onWait: (reason) => {
        waits.push(reason);
        // The wait starts right after this; the user presses "Retry now" while it runs.
        setImmediate(() => {
          breaker.breakWait();
        });
      },
    });
    let calls = 0;
    const result = await resilience.run('fetching', () => {
      calls += 1;
      return calls === 1 ? Promise.reject(dropped()) : Promise.resolve('fetched');
    });
    expect(result).toBe('fetched');
    expect(waits).toHaveLength(1);
    expect(session.reconnects).toBe(1);
  });

  it('still stops for a pause or cancel during the wait', async () => {
    const controller = new AbortController();
    const resilience = createResilience({
      session: fakeSession(),
      options,
      breaker: createWaitBreaker(),
      signal: controller.signal,
      onWait: () => {
        setImmediate(() => {
          controller.abort(new Error('pause'));
        });
      },
    });
    await expect(resilience.run('fetching', () => Promise.reject(dropped()))).rejects.toThrow();
  });
});

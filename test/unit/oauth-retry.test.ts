import { describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import type { ImapSession } from '../../src-main/engine/imap/session.ts';
import { NeedsSignInError } from '../../src-main/engine/auth/errors.ts';
import { createResilience } from '../../src-main/engine/import/retry-loop.ts';
import { classifyFailure } from '../../src-main/engine/import/retry-policy.ts';

/** What imapflow rejects in-flight commands with after Exchange's expiry BYE. */
const expiredBye = (): Error =>
  Object.assign(new Error('Connection not available'), {
    code: 'NoConnection',
    reason: 'Session invalidated - AccessTokenExpired',
  });

function fakeSession(): ImapSession & { reconnects: { freshToken?: boolean }[] } {
  const reconnects: { freshToken?: boolean }[] = [];
  return {
    reconnects,
    // Never connected: the operations under test do not touch it.
    client: new ImapFlow({ host: '127.0.0.1', port: 1, logger: false }),
    connections: 1,
    reconnect: (options = {}) => {
      reconnects.push(options);
      return Promise.resolve();
    },
    abort: () => undefined,
    close: () => Promise.resolve(),
  };
}

describe('OAuth2 access-token expiry during an import', () => {
  it('classifies the expiry BYE as "refresh and reconnect", and a needed sign-in as fatal', () => {
    expect(classifyFailure(expiredBye())).toMatchObject({ type: 'retry', tokenExpired: true });
    expect(classifyFailure(new NeedsSignInError('work', 'revoked')).type).toBe('fatal');
  });

  it('refreshes, reconnects at once and goes on without counting a failure', async () => {
    const session = fakeSession();
    const waits: string[] = [];
    const resilience = createResilience({
      session,
      // No retry allowed at all: an expiry must still go through.
      options: { baseDelayMs: 1, maxDelayMs: 1, maxRetries: 0 },
      onWait: (reason) => waits.push(reason),
      sleep: () => Promise.resolve(),
    });
    let calls = 0;
    const result = await resilience.run('fetching', () => {
      calls += 1;
      if (calls === 1) return Promise.reject(expiredBye());
      return Promise.resolve('done');
    });
    expect(result).toBe('done');
    expect(session.reconnects).toEqual([{ freshToken: true }]);
    expect(resilience.retries).toBe(0);
    expect(waits).toEqual([]);
    resilience.progressed();
    // Each later expiry (after progress) is routine again.
    calls = 0;
    await resilience.run('fetching', () =>
      ++calls === 1 ? Promise.reject(expiredBye()) : Promise.resolve(1),
    );
    expect(resilience.retries).toBe(0);
  });

  it('backs off and counts an expiry that repeats without progress', async () => {
    const session = fakeSession();
    const resilience = createResilience({
      session,
      options: { baseDelayMs: 1, maxDelayMs: 1, maxRetries: 3 },
      sleep: () => Promise.resolve(),
    });
    let calls = 0;
    await resilience.run('fetching', () =>
      ++calls <= 2 ? Promise.reject(expiredBye()) : Promise.resolve(1),
    );
    expect(resilience.retries).toBe(1);
    expect(session.reconnects).toEqual([{ freshToken: true }, { freshToken: true }]);
  });
});

import type Database from 'better-sqlite3';
import type { ImportOptions, ImportProgress, ImportSummary } from '../../../src-shared/domain.ts';
import type { StoredAccount } from '../archive/accounts-repo.ts';
import type { Credential } from '../imap/connect.ts';
import type { ImapSession } from '../imap/session.ts';
import {
  createResilience,
  DEFAULT_RETRY,
  type Resilience,
  type RetryOptions,
  type WaitBreaker,
} from './retry-loop.ts';
import type { GmailPlanner } from './gmail.ts';
import type { Throttle, ThrottleLimits } from './throttle.ts';

/** A FETCH or SEARCH that sends nothing for this long is cut off and retried over a new connection. */
export const DEFAULT_STALL_TIMEOUT_MS = 120_000;

export interface ImportRequest {
  db: Database.Database;
  account: StoredAccount;
  /** the password, or an OAuth2 access-token source */
  password: Credential;
  options: ImportOptions;
  /** the job this run belongs to (recorded with the run) */
  jobId?: number | null;
  /** fetch only the UIDs in the error log (`--retry-failed`) */
  onlyFailed?: boolean;
  /** the job's summary from its earlier runs: progress counts on from there */
  earlier?: ImportSummary | null;
  limits?: ThrottleLimits;
  retry?: RetryOptions;
  stallTimeoutMs?: number;
}

export interface EngineHooks {
  /** aborting stops the run at the next batch boundary (pause or cancel); what is committed stays */
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /** the run waits: throttled, out of daily budget, or backing off before a reconnect */
  onWait?: (reason: string, until: number) => void;
  /** the run goes on after a wait */
  onResume?: () => void;
  /** the first login succeeded: the credentials are good */
  onConnected?: () => void;
  /** the user's "Retry now": ends a backoff wait early */
  breaker?: WaitBreaker;
}

/** One connection's worth of a run: its session and retry loop, with the run's shared throttle. */
export interface RunContext {
  request: ImportRequest;
  hooks: EngineHooks;
  session: ImapSession;
  resilience: Resilience;
  throttle: Throttle;
  /** the server speaks X-GM-EXT-1 (import/gmail.ts) */
  gmail?: GmailPlanner;
}

export function resilienceFor(session: ImapSession, request: ImportRequest, hooks: EngineHooks): Resilience {
  return createResilience({
    session,
    options: request.retry ?? DEFAULT_RETRY,
    signal: hooks.signal,
    onWait: hooks.onWait,
    onResume: hooks.onResume,
    breaker: hooks.breaker,
  });
}

/**
 * imapflow's own socket timeout, the net under commands the stall guard does not watch (SEARCH, EXAMINE).
 * Longer than the guard, so a stalled FETCH is reported as a stall rather than a dropped connection.
 */
export function socketTimeoutFor(request: ImportRequest): number {
  return 2 * (request.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS);
}

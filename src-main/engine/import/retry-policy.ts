import { MailtroveError } from '../errors.ts';

/** What to do about a failure during an import: give up now, or wait and reconnect. */
export type FailureDecision =
  | { type: 'fatal'; reason: string }
  | {
      type: 'retry';
      reason: string;
      throttled: boolean;
      suggestedDelayMs: number | null;
      /** OAuth2: the server ended the session because its access token expired; refresh and go on */
      tokenExpired?: true;
    };

/** Exchange: `* BYE Session invalidated - AccessTokenExpired`, about hourly, whatever the client does. */
const TOKEN_EXPIRED = /AccessTokenExpired/i;

interface ImapFailure {
  code?: unknown;
  message?: unknown;
  responseStatus?: unknown;
  responseText?: unknown;
  authenticationFailed?: unknown;
  throttleReset?: unknown;
  reason?: unknown;
  response?: { attributes?: { section?: { value?: unknown }[] }[] };
}

/** imapflow strips "[THROTTLED]" from responseText; the code survives only in the parsed response. */
function responseCode(failure: ImapFailure): string | null {
  const value = failure.response?.attributes?.[0]?.section?.[0]?.value;
  return typeof value === 'string' ? `[${value}]` : null;
}

/** Server texts that mean "slow down" (Gmail, Microsoft 365, Yahoo, Dovecot's connection limits). */
const THROTTLE_TEXT =
  /\[THROTTLED\]|\[OVERQUOTA\]|request is throttled|exceeded command or bandwidth limits|too many simultaneous connections|maximum number of connections|\[LIMIT\]|\[UNAVAILABLE\]|try again later/i;

/** Error codes of a connection that broke or went quiet: the work can go on over a new one. */
const CONNECTION_CODES = new Set([
  'NoConnection',
  'EConnectionClosed',
  'ETIMEOUT',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ETHROTTLE',
  'STALLED',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
]);

/**
 * Sorts a failure into "stop now" (a wrong password: retrying locks accounts; a full disk; a bug) and
 * "back off and go on" (throttling, NO/BAD/BYE from the server, timeouts, resets, stalls). Pure.
 */
export function classifyFailure(error: unknown): FailureDecision {
  if (error instanceof MailtroveError) {
    if (error.kind === 'connection') return retry(error.message, false, null);
    return { type: 'fatal', reason: error.message };
  }
  const failure = (typeof error === 'object' && error !== null ? error : {}) as ImapFailure;
  if (failure.authenticationFailed === true) {
    return { type: 'fatal', reason: 'The server rejected the login.' };
  }
  const text = [responseCode(failure), failure.responseText, failure.reason, failure.message]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .join(' ');
  const code = typeof failure.code === 'string' ? failure.code : '';
  if (code.startsWith('SQLITE_')) return { type: 'fatal', reason: text || code };
  if (TOKEN_EXPIRED.test(text)) {
    const reason = `the access token expired (${text})`;
    return { type: 'retry', reason, throttled: false, suggestedDelayMs: null, tokenExpired: true };
  }
  const suggested = suggestedDelayMs(text, failure.throttleReset);
  if (code === 'ETHROTTLE' || THROTTLE_TEXT.test(text)) {
    return retry(`the server asks to slow down (${text || code})`, true, suggested);
  }
  const status = typeof failure.responseStatus === 'string' ? failure.responseStatus : '';
  if (status === 'NO' || status === 'BAD' || status === 'BYE') {
    return retry(`the server answered ${status}${text ? `: ${text}` : ''}`, false, suggested);
  }
  if (CONNECTION_CODES.has(code))
    return retry(`connection lost (${code}${text ? `: ${text}` : ''})`, false, null);
  return { type: 'fatal', reason: text || String(error) };
}

function retry(reason: string, throttled: boolean, suggestedDelayMs: number | null): FailureDecision {
  return { type: 'retry', reason, throttled, suggestedDelayMs };
}

/** Microsoft 365: "Suggested Backoff Time: 92415 milliseconds"; imapflow passes it as throttleReset. */
function suggestedDelayMs(text: string, throttleReset: unknown): number | null {
  if (typeof throttleReset === 'number' && throttleReset > 0) return throttleReset;
  const match = /backoff time[:=\s]+(\d+)\s*(milliseconds|ms|seconds|s)?/i.exec(text);
  if (!match?.[1]) return null;
  const value = Number(match[1]);
  return match[2]?.toLowerCase().startsWith('s') ? value * 1000 : value;
}

export interface BackoffPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 1000, maxDelayMs: 5 * 60_000 };

/**
 * Exponential backoff with "equal jitter": half the doubled delay is fixed, half random, so many clients
 * that failed together do not come back together. A server's suggested delay wins when it is longer.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  suggestedMs: number | null,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = exponential / 2 + (random() * exponential) / 2;
  if (suggestedMs === null) return Math.round(jittered);
  // Honour the server's figure (up to the cap) and add a little jitter on top of it.
  return Math.round(
    Math.min(Math.max(suggestedMs, jittered), Math.max(policy.maxDelayMs, suggestedMs)) +
      random() * policy.baseDelayMs * 0.1,
  );
}

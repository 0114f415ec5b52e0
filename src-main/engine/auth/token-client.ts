import { setTimeout as sleepFor } from 'node:timers/promises';
import type { OAuthSettings } from '../../../src-shared/account-auth.ts';
import { MailtroveError } from '../errors.ts';
import { OAuthError } from './errors.ts';

/** What a token endpoint gave: a short-lived access token and, when it rotates, a new refresh token. */
export interface TokenSet {
  accessToken: string;
  /** epoch ms; the server's expires_in, or an hour when it says nothing */
  expiresAt: number;
  refreshToken: string | null;
}

const DEFAULT_LIFETIME_S = 3600;
const TIMEOUT_MS = 30_000;

/** The address the user's browser opens to sign in (authorization code with PKCE and state). */
export function authorizationUrl(
  settings: OAuthSettings,
  request: { challenge: string; state: string; redirectUri: string; loginHint?: string },
): string {
  if (!settings.authUrl) {
    throw new MailtroveError('usage', 'This account has no authorization URL to sign in with.', {
      hint: 'Give one with --auth-url, or bring a refresh token with --refresh-token-stdin.',
    });
  }
  const url = new URL(settings.authUrl);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: request.redirectUri,
    code_challenge: request.challenge,
    code_challenge_method: 'S256',
    state: request.state,
  };
  if (settings.scope) params['scope'] = settings.scope;
  if (request.loginHint) params['login_hint'] = request.loginHint;
  // Google hands out a refresh token only with these two.
  if (settings.provider === 'google') Object.assign(params, { access_type: 'offline', prompt: 'consent' });
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/** Trades the code from the redirect for tokens (RFC 6749 §4.1.3 with the PKCE verifier). */
export function exchangeCode(
  settings: OAuthSettings,
  code: string,
  verifier: string,
  redirectUri: string,
): Promise<TokenSet> {
  return tokenRequest(settings, {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: redirectUri,
  });
}

/** A fresh access token; throws OAuthError with code invalid_grant when the refresh token is dead. */
export function refreshTokens(settings: OAuthSettings, refreshToken: string): Promise<TokenSet> {
  return tokenRequest(settings, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    ...(settings.scope ? { scope: settings.scope } : {}),
  });
}

export interface DeviceCodeStart {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  /** seconds between polls */
  interval: number;
  expiresAt: number;
  /** the provider's own instructions for the user */
  message: string;
}

/** Starts Microsoft's device-code flow (RFC 8628): the user signs in on any device with the code shown. */
export async function startDeviceCode(settings: OAuthSettings): Promise<DeviceCodeStart> {
  if (!settings.deviceUrl) {
    throw new MailtroveError('usage', 'This provider has no device-code sign-in.', {
      hint: 'Use the browser sign-in (with --no-browser on a headless machine).',
    });
  }
  const body = await post(settings.deviceUrl, { client_id: settings.clientId, scope: settings.scope });
  const deviceCode = text(body, 'device_code');
  const userCode = text(body, 'user_code');
  const verificationUri = text(body, 'verification_uri');
  const interval = typeof body['interval'] === 'number' ? body['interval'] : 5;
  const expiresIn = typeof body['expires_in'] === 'number' ? body['expires_in'] : 900;
  const message =
    typeof body['message'] === 'string'
      ? body['message']
      : `To sign in, open ${verificationUri} and enter the code ${userCode}.`;
  return {
    deviceCode,
    userCode,
    verificationUri,
    interval,
    expiresAt: Date.now() + expiresIn * 1000,
    message,
  };
}

/** Polls until the user has signed in on the other device, honouring slow_down; throws when it expires. */
export async function pollDeviceCode(
  settings: OAuthSettings,
  start: DeviceCodeStart,
  signal?: AbortSignal,
): Promise<TokenSet> {
  let interval = start.interval;
  for (;;) {
    await sleepFor(interval * 1000, undefined, { signal });
    try {
      return await tokenRequest(settings, {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        device_code: start.deviceCode,
      });
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      if (error.code === 'slow_down') interval += 5;
      else if (error.code !== 'authorization_pending') throw error;
      if (Date.now() > start.expiresAt)
        throw new OAuthError('expired_token', 'the code was not used in time');
    }
  }
}

async function tokenRequest(settings: OAuthSettings, grant: Record<string, string>): Promise<TokenSet> {
  const params: Record<string, string> = { ...grant, client_id: settings.clientId };
  if (settings.clientSecret) params['client_secret'] = settings.clientSecret;
  const body = await post(settings.tokenUrl, params);
  const expiresIn = Number(body['expires_in']);
  return {
    accessToken: text(body, 'access_token'),
    expiresAt:
      Date.now() + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_S) * 1000,
    refreshToken: typeof body['refresh_token'] === 'string' ? body['refresh_token'] : null,
  };
}

/** A form POST answered with JSON; OAuth2 error answers become OAuthError, anything else a connection error. */
async function post(url: string, params: Record<string, string>): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (error) {
    throw new MailtroveError('connection', `Cannot reach the authorization server ${new URL(url).host}.`, {
      hint: 'Check the network and the token URL.',
      cause: error,
    });
  }
  const raw = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(raw);
  } catch {
    // not JSON: reported below with the status
  }
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (typeof fields['error'] === 'string') {
    const description = typeof fields['error_description'] === 'string' ? fields['error_description'] : null;
    throw new OAuthError(fields['error'], description);
  }
  if (!response.ok || body === null) {
    throw new MailtroveError(
      'connection',
      `The authorization server answered ${response.status} ${response.statusText}.`,
      { hint: 'Try again later; check the token URL if it persists.' },
    );
  }
  return fields;
}

function text(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new OAuthError('invalid_response', `no ${field}`);
  return value;
}

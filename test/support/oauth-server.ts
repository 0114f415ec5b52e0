/**
 * A loopback OAuth2 authorization server for tests, on 127.0.0.1 with a free port: a token endpoint that
 * rotates refresh tokens on every use (as Microsoft does) and hands out short-lived access tokens, RFC 7662
 * introspection (what Dovecot's oauth2 passdb asks), RFC 7009 revocation, and an /authorize page with an
 * "Allow" button (PKCE S256 and state checked) for a browser to click.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OAuthTestServer {
  url: string;
  tokenUrl: string;
  authUrl: string;
  introspectionUrl: string;
  deviceUrl: string;
  revocationUrl: string;
  clientId: string;
  /** access-token lifetime in seconds, changeable at any time */
  accessTokenSeconds: number;
  /** a refresh token for the user, as if they had signed in elsewhere */
  issueRefreshToken(user: string): string;
  /** true while the server would accept this refresh token */
  refreshTokenValid(token: string): boolean;
  /** approves a pending device-code sign-in as the user (what they do on their phone) */
  approveDevice(userCode: string, user: string): void;
  /** revokes every token of the user (as a password change or "remove access" does) */
  revokeUser(user: string): void;
  stats: { refreshes: number; refused: number; introspections: number; codes: number };
  close(): Promise<void>;
}

interface Grant {
  user: string;
  challenge: string;
  redirectUri: string;
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startOAuthServer(
  options: {
    clientId?: string;
    accessTokenSeconds?: number;
    /** refresh tokens this long (Microsoft's exceed Windows' 1,280-character credential limit) */
    refreshTokenChars?: number;
  } = {},
): Promise<OAuthTestServer> {
  const clientId = options.clientId ?? 'mailtrove-test-client';
  const refreshTokens = new Map<string, string>(); // token → user
  const accessTokens = new Map<string, { user: string; expiresAt: number }>();
  const codes = new Map<string, Grant>();
  // device code → the user once approved, null while pending; user code → device code
  const devices = new Map<string, string | null>();
  const userCodes = new Map<string, string>();
  const stats = { refreshes: 0, refused: 0, introspections: 0, codes: 0 };
  const token = (prefix: string): string => `${prefix}-${randomBytes(18).toString('base64url')}`;
  const refreshToken = (): string => {
    const value = token('rt');
    return value + 'R'.repeat(Math.max(0, (options.refreshTokenChars ?? 0) - value.length));
  };

  const issue = (user: string, response: ServerResponse): void => {
    const access = token('at');
    const refresh = refreshToken();
    accessTokens.set(access, { user, expiresAt: Date.now() + server.accessTokenSeconds * 1000 });
    refreshTokens.set(refresh, user);
    json(response, 200, {
      access_token: access,
      token_type: 'Bearer',
      expires_in: server.accessTokenSeconds,
      refresh_token: refresh,
    });
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const form = request.method === 'POST' ? new URLSearchParams(await body(request)) : url.searchParams;
    switch (`${request.method ?? ''} ${url.pathname}`) {
      case 'POST /token': {
        if (form.get('client_id') !== clientId) {
          json(response, 401, { error: 'invalid_client' });
          return;
        }
        const grant = form.get('grant_type');
        if (grant === 'refresh_token') {
          const user = refreshTokens.get(form.get('refresh_token') ?? '');
          if (user === undefined) {
            stats.refused++;
            json(response, 400, {
              error: 'invalid_grant',
              error_description: 'unknown or used token',
            });
            return;
          }
          stats.refreshes++;
          // Rotation: the old refresh token is spent.
          refreshTokens.delete(form.get('refresh_token') ?? '');
          issue(user, response);
          return;
        }
        if (grant === 'urn:ietf:params:oauth:grant-type:device_code') {
          const user = devices.get(form.get('device_code') ?? '');
          if (user === undefined) {
            json(response, 400, { error: 'expired_token' });
            return;
          }
          if (user === null) {
            json(response, 400, { error: 'authorization_pending' });
            return;
          }
          devices.delete(form.get('device_code') ?? '');
          issue(user, response);
          return;
        }
        if (grant === 'authorization_code') {
          const code = codes.get(form.get('code') ?? '');
          codes.delete(form.get('code') ?? '');
          const verifier = form.get('code_verifier') ?? '';
          const challenge = createHash('sha256').update(verifier).digest('base64url');
          if (!code || code.challenge !== challenge || code.redirectUri !== form.get('redirect_uri')) {
            stats.refused++;
            json(response, 400, { error: 'invalid_grant', error_description: 'bad code or verifier' });
            return;
          }
          issue(code.user, response);
          return;
        }
        json(response, 400, { error: 'unsupported_grant_type' });
        return;
      }
      case 'POST /devicecode': {
        if (form.get('client_id') !== clientId) {
          json(response, 401, { error: 'invalid_client' });
          return;
        }
        const device = token('dc');
        const userCode = randomBytes(4).toString('hex').toUpperCase();
        devices.set(device, null);
        userCodes.set(userCode, device);
        json(response, 200, {
          device_code: device,
          user_code: userCode,
          verification_uri: `${base}/device`,
          // Poll at once: the test approves before the first poll.
          interval: 0,
          expires_in: 60,
        });
        return;
      }
      case 'POST /introspect': {
        stats.introspections++;
        const entry = accessTokens.get(form.get('token') ?? '');
        if (!entry || entry.expiresAt <= Date.now()) {
          json(response, 200, { active: false });
          return;
        }
        json(response, 200, {
          active: true,
          username: entry.user,
          exp: Math.floor(entry.expiresAt / 1000),
        });
        return;
      }
      case 'POST /revoke': {
        const value = form.get('token') ?? '';
        refreshTokens.delete(value);
        accessTokens.delete(value);
        response.writeHead(200).end();
        return;
      }
      case 'GET /authorize': {
        const problem = authorizeProblem(url.searchParams, clientId);
        if (problem) {
          response.writeHead(400, { 'content-type': 'text/plain' }).end(problem);
          return;
        }
        const hidden = [...url.searchParams]
          .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
          .join('');
        const hint = url.searchParams.get('login_hint') ?? '';
        response
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(
            `<!doctype html><title>Test sign-in</title><form method="post" action="/authorize">${hidden}` +
              `<label>User <input name="user" value="${escape(hint)}"></label>` +
              '<button type="submit" id="allow">Allow</button></form>',
          );
        return;
      }
      case 'POST /authorize': {
        const problem = authorizeProblem(form, clientId);
        const user = form.get('user') ?? '';
        if (problem || !user) {
          response.writeHead(400, { 'content-type': 'text/plain' }).end(problem ?? 'no user');
          return;
        }
        const code = token('code');
        const redirectUri = form.get('redirect_uri') ?? '';
        codes.set(code, { user, challenge: form.get('code_challenge') ?? '', redirectUri });
        stats.codes++;
        const back = new URL(redirectUri);
        back.searchParams.set('code', code);
        back.searchParams.set('state', form.get('state') ?? '');
        response.writeHead(302, { location: back.toString() }).end();
        return;
      }
      default:
        response.writeHead(404).end();
    }
  };

  const http = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        json(response, 500, { error: 'server_error', error_description: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const server: OAuthTestServer = {
    url: base,
    tokenUrl: `${base}/token`,
    authUrl: `${base}/authorize`,
    introspectionUrl: `${base}/introspect`,
    deviceUrl: `${base}/devicecode`,
    revocationUrl: `${base}/revoke`,
    clientId,
    accessTokenSeconds: options.accessTokenSeconds ?? 3600,
    issueRefreshToken(user) {
      const refresh = refreshToken();
      refreshTokens.set(refresh, user);
      return refresh;
    },
    refreshTokenValid: (value) => refreshTokens.has(value),
    approveDevice(userCode, user) {
      const device = userCodes.get(userCode);
      if (device === undefined) throw new Error(`no device sign-in with code ${userCode}`);
      devices.set(device, user);
    },
    revokeUser(user) {
      for (const [value, owner] of refreshTokens) if (owner === user) refreshTokens.delete(value);
      for (const [value, entry] of accessTokens) if (entry.user === user) accessTokens.delete(value);
    },
    stats,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => {
          resolve();
        });
      }),
  };
  return server;
}

function authorizeProblem(params: URLSearchParams, clientId: string): string | null {
  if (params.get('client_id') !== clientId) return 'unknown client';
  if (params.get('response_type') !== 'code') return 'response_type must be code';
  if (params.get('code_challenge_method') !== 'S256' || !params.get('code_challenge'))
    return 'PKCE S256 required';
  if (!params.get('state')) return 'state required';
  const redirect = params.get('redirect_uri') ?? '';
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(redirect)) return 'redirect_uri must be a loopback address';
  return null;
}

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      resolve(text);
    });
    request.on('error', reject);
  });
}

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(value));
}

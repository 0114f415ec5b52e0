import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to the local web server. It listens on 127.0.0.1 only, but any web page the user opens
 * can still aim requests at it, so three checks stand between a request and the archive:
 * - Host must name this server (127.0.0.1:PORT or localhost:PORT): a DNS-rebinding page sends its own host.
 * - Origin, when a browser sends one, must be this server: a cross-site fetch or WebSocket carries its
 *   site's origin, and WebSockets are not bound by CORS at all.
 * - The per-run token, as `Authorization: Bearer`, the cookie set on the first page load, or `?token=`
 *   on a GET (the URL `mailtrove serve` prints).
 */
export interface RequestGuard {
  /** null when the request may go on, else why not (with the HTTP status to answer) */
  check(request: IncomingMessage): { status: 401 | 403; reason: string } | null;
  /** true when the token came in the query string, so the response should set the cookie */
  tokenInQuery(request: IncomingMessage): boolean;
  /** the Set-Cookie header value that authenticates later requests from this browser */
  cookie: string;
}

export function createRequestGuard(token: string, port: number): RequestGuard {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...hosts].map((host) => `http://${host}`));
  // Cookies ignore ports: a name per port keeps two servers on one machine from overwriting each other.
  const cookieName = `mailtrove_${port}`;
  const expected = Buffer.from(token, 'utf8');
  const matches = (candidate: string | undefined): boolean => {
    if (candidate === undefined) return false;
    const given = Buffer.from(candidate, 'utf8');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const queryToken = (request: IncomingMessage): string | undefined => {
    if (request.method !== 'GET') return undefined;
    return new URL(request.url ?? '/', 'http://localhost').searchParams.get('token') ?? undefined;
  };
  return {
    cookie: `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
    tokenInQuery: (request) => matches(queryToken(request)),
    check(request) {
      if (!hosts.has(request.headers.host ?? '')) {
        return { status: 403, reason: 'This server answers only to 127.0.0.1 and localhost.' };
      }
      const origin = request.headers.origin;
      if (origin !== undefined && !origins.has(origin)) {
        return { status: 403, reason: 'Cross-site requests are refused.' };
      }
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      const cookie = parseCookies(request.headers.cookie)[cookieName];
      if (matches(bearer) || matches(cookie) || matches(queryToken(request))) return null;
      return { status: 401, reason: 'Open the address that `mailtrove serve` printed, with its token.' };
    },
  };
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return cookies;
}

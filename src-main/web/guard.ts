import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Every route that reads or changes the archive lives under this path; the session cookie is scoped to it. */
export const API_PATH = '/api';

export const isApiPath = (pathname: string): boolean =>
  pathname === API_PATH || pathname.startsWith(`${API_PATH}/`);

export interface Refusal {
  status: 401 | 403;
  reason: string;
}

/** What a GET with `?token=` gets: a redirect to the same page without it, or a refusal. */
export type SignIn = { location: string; cookie: string | null } | Refusal;

/**
 * Who may talk to the local web server. It listens on 127.0.0.1 only, but any web page the user opens
 * can still aim requests at it, and any other server on 127.0.0.1 receives this host's cookies (cookies
 * ignore ports). So:
 * - Host must name this server (127.0.0.1:PORT or localhost:PORT): a DNS-rebinding page sends its own host.
 * - Origin, when a browser sends one, must be this server: a cross-site fetch or WebSocket carries its
 *   site's origin, and WebSockets are not bound by CORS at all.
 * - The API (everything under /api) needs `Authorization: Bearer <token>` (scripts, tests) or the session
 *   cookie. The built app outside /api holds no data and loads without either.
 * - The address `mailtrove serve` prints carries the token once: the first GET with the right `?token=`
 *   mints the session (a random id, not derived from the token, new every run) and redirects to the page
 *   without it. Later uses of that address redirect the same way but mint nothing, so the link signs in
 *   one browser once; the token stays valid as a Bearer token for API clients while the server runs.
 * The cookie is HttpOnly, SameSite=Strict and Path=/api: a server on another port that receives it gets a
 * value that is neither the token nor valid anywhere else, and only on its own /api paths.
 */
export interface RequestGuard {
  /** Host and Origin: null when the request may come from this server's own page */
  checkSite(request: IncomingMessage): Refusal | null;
  /** the API's credential: null when the request carries the session cookie or the bearer token */
  checkApi(request: IncomingMessage): Refusal | null;
  /** the exchange of the printed address's token for the session; null when the request has no token */
  signIn(request: IncomingMessage): SignIn | null;
}

export function createRequestGuard(token: string, port: number): RequestGuard {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...hosts].map((host) => `http://${host}`));
  // A name per port keeps two servers on one machine from overwriting each other's session.
  const cookieName = `mailtrove_session_${port}`;
  const tokenDigest = digest(token);
  let sessionDigest: Buffer | null = null;
  const signInAgain: Refusal = {
    status: 401,
    reason: 'Not signed in. The address `mailtrove serve` printed signs in one browser, once.',
  };

  return {
    checkSite(request) {
      if (!hosts.has(request.headers.host ?? '')) {
        return { status: 403, reason: 'This server answers only to 127.0.0.1 and localhost.' };
      }
      const origin = request.headers.origin;
      if (origin !== undefined && !origins.has(origin)) {
        return { status: 403, reason: 'Cross-site requests are refused.' };
      }
      return null;
    },
    checkApi(request) {
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (sameSecret(bearer, tokenDigest)) return null;
      const session = sessionDigest;
      const cookies = cookieValues(request.headers.cookie, cookieName);
      if (session !== null && cookies.some((value) => sameSecret(value, session))) return null;
      return signInAgain;
    },
    signIn(request) {
      if (request.method !== 'GET') return null;
      const url = new URL(request.url ?? '/', 'http://localhost');
      const given = url.searchParams.get('token');
      if (given === null) return null;
      if (!sameSecret(given, tokenDigest)) {
        return { status: 401, reason: 'This token is not the one `mailtrove serve` printed for this run.' };
      }
      url.searchParams.delete('token');
      // One leading slash: `//host/` in a Location would send the browser to another site.
      const location = `/${url.pathname.replace(/^\/+/, '')}${url.search}`;
      // Checked and set in one synchronous step, so two requests with the token cannot both mint one.
      if (sessionDigest !== null) return { location, cookie: null };
      const session = randomBytes(32).toString('base64url');
      sessionDigest = digest(session);
      return {
        location,
        cookie: `${cookieName}=${session}; HttpOnly; SameSite=Strict; Path=${API_PATH}`,
      };
    },
  };
}

const digest = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

/** Constant time, whatever the lengths: both sides are compared as SHA-256 digests. */
function sameSecret(given: string | undefined, expected: Buffer): boolean {
  return given !== undefined && timingSafeEqual(digest(given), expected);
}

/** Every value of one cookie: a browser may hold an old one of the same name on another path. */
function cookieValues(header: string | undefined, name: string): string[] {
  const values: string[] = [];
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}

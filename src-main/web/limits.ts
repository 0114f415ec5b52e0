import http, { type IncomingMessage } from 'node:http';

/** What one client may make the local web server hold; tests shrink these to see them act. */
export interface WebLimits {
  /** a request body (the JSON of one invoke) above this gets 413 */
  maxBodyBytes: number;
  /** open sockets, WebSockets included; a new one over the cap is closed at once */
  maxConnections: number;
  /** from a request's first byte to the end of its headers */
  headersTimeoutMs: number;
  /** from a request's first byte to the end of its body (a WebSocket is no longer a request once upgraded) */
  requestTimeoutMs: number;
  /** an idle keep-alive socket between two requests */
  keepAliveTimeoutMs: number;
}

/**
 * One tab uses a handful of sockets (browsers open at most six per host, plus the event WebSocket), and
 * its requests are small JSON on loopback: these bounds leave it plenty while a stuck or hostile client
 * cannot hold sockets or memory for minutes.
 */
export const DEFAULT_WEB_LIMITS: WebLimits = {
  maxBodyBytes: 1024 * 1024,
  maxConnections: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
};

/** An HTTP server that enforces the limits on its own (the body limit is readBody's). */
export function createLimitedServer(limits: WebLimits): http.Server {
  const server = http.createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks both timeouts only this often (30 s by default, which let a slow client hold a socket
    // for a minute and a half); a quarter of the header timeout keeps the overshoot small.
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, limits.headersTimeoutMs / 4)),
  });
  // Node closes a connection over the cap as soon as it is accepted (no answer: an HTTP reply would have
  // to wait for a request that may never come); the open ones keep working.
  server.maxConnections = limits.maxConnections;
  return server;
}

export const TOO_LARGE = Symbol('too large');

/** The length a request declares, when it declares one. */
export function declaredLength(request: IncomingMessage): number | null {
  const header = request.headers['content-length'];
  return header === undefined || !/^\d+$/.test(header) ? null : Number(header);
}

/**
 * The body as text, or TOO_LARGE as soon as it passes `maxBytes` (at once when Content-Length says so).
 * A body that is too large is then read and dropped rather than cut off: destroying the socket while the
 * client still sends makes it see a reset instead of the 413. The request timeout bounds that reading.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<string | typeof TOO_LARGE> {
  const declared = declaredLength(request);
  if (declared !== null && declared > maxBytes) {
    request.resume();
    return Promise.resolve(TOO_LARGE);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.byteLength;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      request.off('data', onData);
      request.resume();
      chunks.length = 0;
      resolve(TOO_LARGE);
    };
    request.on('data', onData);
    request.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { isChannel, type Reply } from '../../src-shared/ipc/contract.ts';
import type { Handlers } from '../handlers/index.ts';
import { EXPORT_DOWNLOAD_PATH } from '../../src-shared/export-names.ts';
import { sendExportDownload } from './export-download.ts';
import { createRequestGuard, isApiPath, type RequestGuard } from './guard.ts';
import {
  createLimitedServer,
  declaredLength,
  DEFAULT_WEB_LIMITS,
  readBody,
  TOO_LARGE,
  type WebLimits,
} from './limits.ts';
import { resolveStatic, sendStatic } from './static-files.ts';

export interface WebServerOptions {
  handlers: Handlers;
  /** the built renderer (out/renderer); null serves the API only */
  staticDir: string | null;
  /** 0 picks a free port */
  port?: number;
  /** defaults to a fresh random token */
  token?: string;
  /** defaults to DEFAULT_WEB_LIMITS */
  limits?: Partial<WebLimits>;
}

export interface WebServer {
  /** the address to open, token included */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const INVOKE = /^\/api\/invoke\/([^/]+)$/;
const EVENTS_PATH = '/api/events';

/**
 * The handlers over HTTP and WebSocket on 127.0.0.1, for `mailtrove serve` and end-to-end tests:
 * POST /api/invoke/:channel takes the request JSON and answers the Reply JSON; /api/events pushes
 * `{event, payload}` messages; GET /api/export.mbox downloads an export (export-download.ts); everything
 * else is the built renderer. Who may call what: guard.ts.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const limits = { ...DEFAULT_WEB_LIMITS, ...options.limits };
  const staticDir = options.staticDir === null ? null : path.resolve(options.staticDir);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const server = createLimitedServer(limits);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // The guard needs the port the system picked; no request is read before this continuation runs.
  const port = (server.address() as AddressInfo).port;
  const guard = createRequestGuard(token, port);

  const context: RouteContext = { handlers: options.handlers, guard, staticDir, limits };
  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    route(context, request, response);
  };
  server.on('request', onRequest);
  // A client that asks before sending a body (curl does above 1 MB) hears about the limit before it sends.
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    if ((declaredLength(request) ?? 0) > limits.maxBodyBytes) {
      sendReply(response, 413, TOO_LARGE_REPLY, { Connection: 'close' });
    } else {
      response.writeContinue();
      onRequest(request, response);
    }
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const denied = guard.checkSite(request) ?? guard.checkApi(request);
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    if (denied) {
      socket.end(`HTTP/1.1 ${denied.status} Refused\r\n\r\n`);
    } else if (pathname !== EVENTS_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
    } else {
      sockets.handleUpgrade(request, socket, head, (ws) => {
        streamEvents(options.handlers, ws);
      });
    }
  });

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

interface RouteContext {
  handlers: Handlers;
  guard: RequestGuard;
  staticDir: string | null;
  limits: WebLimits;
}

function route(context: RouteContext, request: IncomingMessage, response: ServerResponse): void {
  const { guard, staticDir } = context;
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');
  const api = isApiPath(pathname);
  const refused = guard.checkSite(request) ?? (api ? guard.checkApi(request) : null);
  if (refused) {
    sendText(response, refused.status, refused.reason);
    return;
  }
  if (pathname === EXPORT_DOWNLOAD_PATH) {
    void sendExportDownload(context.handlers, request, response);
    return;
  }
  const invoke = INVOKE.exec(pathname);
  if (invoke) {
    const channel = decodeSegment(invoke[1] ?? '');
    void handleInvoke(context.handlers, channel, request, response, context.limits.maxBodyBytes);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendText(response, 405, 'Method not allowed.');
    return;
  }
  const signIn = api ? null : guard.signIn(request);
  if (signIn !== null) {
    if ('status' in signIn) sendText(response, signIn.status, signIn.reason);
    else redirect(response, signIn.location, signIn.cookie);
    return;
  }
  const file = staticDir === null || api ? null : resolveStatic(staticDir, pathname);
  if (file === null) sendText(response, 404, 'Not found.');
  else sendStatic(response, file);
}

function streamEvents(handlers: Handlers, ws: WebSocket): void {
  const off = handlers.onAny((event, payload) => {
    // A slow tab only misses progress ticks; it never holds the engine up or grows memory without bound.
    if (ws.readyState === ws.OPEN && ws.bufferedAmount < 4 * 1024 * 1024) {
      ws.send(JSON.stringify({ event, payload }));
    }
  });
  ws.on('close', off);
  ws.on('error', off);
  // The socket is for pushing; anything a client sends is ignored.
  ws.on('message', () => undefined);
}

async function handleInvoke(
  handlers: Handlers,
  channel: string,
  request: IncomingMessage,
  response: ServerResponse,
  maxBodyBytes: number,
): Promise<void> {
  if (request.method !== 'POST') {
    sendText(response, 405, 'Use POST.');
    return;
  }
  if (!isChannel(channel)) {
    sendReply(response, 404, invalid(`Unknown channel ${JSON.stringify(channel)}.`));
    return;
  }
  // A form on another site can POST text/plain without a preflight; JSON needs one, which fails here.
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
    sendReply(response, 415, invalid('Send the request as application/json.'));
    return;
  }
  let body: unknown;
  try {
    const text = await readBody(request, maxBodyBytes);
    if (text === TOO_LARGE) {
      sendReply(response, 413, TOO_LARGE_REPLY);
      return;
    }
    body = JSON.parse(text);
  } catch {
    sendReply(response, 400, invalid('The body is not JSON.'));
    return;
  }
  sendReply(response, 200, await handlers.invoke(channel, body));
}

/** Clients may percent-encode the ':' of a channel name; a malformed escape names no channel. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

const invalid = (message: string): Reply<never> => ({
  ok: false,
  error: { code: 'invalid-request', message },
});

const TOO_LARGE_REPLY = invalid('The request is too large.');

function sendReply(
  response: ServerResponse,
  status: number,
  reply: Reply<unknown>,
  extraHeaders: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extraHeaders,
  });
  response.end(JSON.stringify(reply));
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(`${text}\n`);
}

/** After the sign-in: the same page without the token, so it stays out of history and Referer headers. */
function redirect(response: ServerResponse, location: string, cookie: string | null): void {
  response.writeHead(303, {
    Location: location,
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'Content-Length': '0',
    ...(cookie === null ? {} : { 'Set-Cookie': cookie }),
  });
  response.end();
}

import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { isChannel, type Reply } from '../../src-shared/ipc/contract.ts';
import type { Handlers } from '../handlers/index.ts';
import { EXPORT_DOWNLOAD_PATH } from '../../src-shared/export-names.ts';
import { sendExportDownload } from './export-download.ts';
import { createRequestGuard } from './guard.ts';
import { resolveStatic, sendStatic } from './static-files.ts';

export interface WebServerOptions {
  handlers: Handlers;
  /** the built renderer (out/renderer); null serves the API only */
  staticDir: string | null;
  /** 0 picks a free port */
  port?: number;
  /** defaults to a fresh random token */
  token?: string;
}

export interface WebServer {
  /** the address to open, token included */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Requests are small JSON objects; this bounds what a misbehaving client can make the server hold. */
const MAX_BODY_BYTES = 1024 * 1024;
const INVOKE = /^\/api\/invoke\/([^/]+)$/;
const EVENTS_PATH = '/api/events';

/**
 * The handlers over HTTP and WebSocket on 127.0.0.1, for `mailtrove serve` and end-to-end tests:
 * POST /api/invoke/:channel takes the request JSON and answers the Reply JSON; /api/events pushes
 * `{event, payload}` messages; GET /api/export.mbox downloads an export (export-download.ts); everything
 * else is the built renderer.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const staticDir = options.staticDir === null ? null : path.resolve(options.staticDir);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const server = http.createServer();
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

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const denied = guard.check(request);
    if (denied) {
      sendText(response, denied.status, denied.reason);
      return;
    }
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const invoke = INVOKE.exec(pathname);
    if (pathname === EXPORT_DOWNLOAD_PATH) {
      void sendExportDownload(options.handlers, request, response);
    } else if (invoke) {
      void handleInvoke(options.handlers, decodeSegment(invoke[1] ?? ''), request, response);
    } else if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendText(response, 405, 'Method not allowed.');
    } else {
      const file = staticDir === null ? null : resolveStatic(staticDir, pathname);
      if (file === null) sendText(response, 404, 'Not found.');
      else sendStatic(response, file, guard.tokenInQuery(request) ? { 'Set-Cookie': guard.cookie } : {});
    }
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const denied = guard.check(request);
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
    body = JSON.parse(await readBody(request));
  } catch (error) {
    const tooBig = error instanceof BodyTooLarge;
    sendReply(
      response,
      tooBig ? 413 : 400,
      invalid(tooBig ? 'The request is too large.' : 'The body is not JSON.'),
    );
    return;
  }
  sendReply(response, 200, await handlers.invoke(channel, body));
}

class BodyTooLarge extends Error {}

/** Clients may percent-encode the ':' of a channel name; a malformed escape names no channel. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}

const invalid = (message: string): Reply<never> => ({
  ok: false,
  error: { code: 'invalid-request', message },
});

function sendReply(response: ServerResponse, status: number, reply: Reply<unknown>): void {
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
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

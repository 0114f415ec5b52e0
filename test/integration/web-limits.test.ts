/**
 * What one client can make the local web server hold: bodies over the limit, slow headers and bodies,
 * and more sockets than a browser ever opens. The limits are shrunk here so each shows within a second.
 */
import http from 'node:http';
import type net from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startWebServer, type WebServer } from '../../src-main/web/server.ts';
import type { WebLimits } from '../../src-main/web/limits.ts';
import { createHandlerArchive, type HandlerArchive } from '../support/handler-archive.ts';
import { connect, httpRequest, untilClosed, type HttpAnswer } from '../support/http-client.ts';

const LIMITS: WebLimits = {
  maxBodyBytes: 4096,
  maxConnections: 4,
  headersTimeoutMs: 300,
  requestTimeoutMs: 1_000,
  keepAliveTimeoutMs: 10_000,
};

let archive: HandlerArchive;
let server: WebServer;
let host: string;
const opened: net.Socket[] = [];

const json = { 'content-type': 'application/json' };
const bearer = (): Record<string, string> => ({ authorization: `Bearer ${server.token}`, ...json });
/** A valid request whose JSON is padded past the body limit. */
const oversized = (): string => JSON.stringify({ padding: 'x'.repeat(LIMITS.maxBodyBytes * 25) });

const accountsList = (): Promise<HttpAnswer> =>
  httpRequest(server.port, 'POST', '/api/invoke/accounts:list', { headers: bearer(), body: '{}' });

async function socket(): Promise<net.Socket> {
  const opening = await connect(server.port);
  opened.push(opening);
  return opening;
}

beforeAll(() => {
  archive = createHandlerArchive();
});
afterAll(() => {
  archive.close();
});
beforeEach(async () => {
  server = await startWebServer({ handlers: archive.handlers, staticDir: null, port: 0, limits: LIMITS });
  host = `127.0.0.1:${server.port}`;
});
afterEach(async () => {
  for (const open of opened.splice(0)) open.destroy();
  await server.close();
});

describe('the local web server under a misbehaving client', () => {
  it('answers a body over the limit with 413 and a JSON error, and goes on answering', async () => {
    const declared = await httpRequest(server.port, 'POST', '/api/invoke/accounts:list', {
      headers: bearer(),
      body: oversized(),
    });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: 'The request is too large.' },
    });
    // Without a Content-Length the limit shows only while the body streams in.
    const chunk = Buffer.from(' '.repeat(1024));
    const streamed = await httpRequest(server.port, 'POST', '/api/invoke/accounts:list', {
      headers: bearer(),
      chunks: Array.from({ length: 100 }, () => chunk),
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect((await accountsList()).status).toBe(200);
  });

  it('answers 413 before the body when the client asks first (Expect: 100-continue)', async () => {
    const body = oversized();
    const answer = await new Promise<{ status: number; sentBody: boolean }>((resolve, reject) => {
      let sentBody = false;
      const req = http.request({
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: '/api/invoke/accounts:list',
        agent: false,
        headers: { host, ...bearer(), expect: '100-continue', 'content-length': String(body.length) },
      });
      req.on('continue', () => {
        sentBody = true;
        req.end(body);
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, sentBody });
        });
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(answer).toEqual({ status: 413, sentBody: false });
    expect((await accountsList()).status).toBe(200);
  });

  it('closes a connection whose headers do not arrive within the header timeout', async () => {
    const slow = await socket();
    slow.write(`GET / HTTP/1.1\r\nHost: ${host}\r\n`);
    expect(await untilClosed(slow)).toMatch(/^HTTP\/1\.1 408/);
    // One that never sends a byte is closed the same way.
    const silent = await socket();
    expect(await untilClosed(silent)).toMatch(/^HTTP\/1\.1 408/);
  }, 10_000);

  it('closes a connection whose body does not arrive within the request timeout', async () => {
    const slow = await socket();
    slow.write(
      `POST /api/invoke/accounts:list HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${server.token}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":',
    );
    expect(await untilClosed(slow)).toMatch(/^HTTP\/1\.1 408/);
  }, 10_000);

  it('keeps an event WebSocket open past the request timeout', async () => {
    const ws = new WebSocket(`ws://${host}/api/events`, {
      headers: { authorization: `Bearer ${server.token}` },
    });
    try {
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      // Twice the request timeout: a plain request this old would have been cut off.
      await new Promise((resolve) => setTimeout(resolve, LIMITS.requestTimeoutMs * 2));
      const pong = new Promise((resolve) => ws.once('pong', resolve));
      ws.ping();
      await pong;
      expect(ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      ws.terminate();
    }
  }, 10_000);

  it('closes connections over the cap at once, and takes new ones when one ends', async () => {
    // Keep-alive sockets that each completed a request: certainly accepted and counted.
    const held: net.Socket[] = [];
    for (let i = 0; i < LIMITS.maxConnections; i += 1) {
      const open = await socket();
      const answered = new Promise<string>((resolve) => {
        open.once('data', (d: Buffer) => {
          resolve(d.toString());
        });
      });
      open.write(`GET /api/none HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${server.token}\r\n\r\n`);
      expect(await answered).toMatch(/^HTTP\/1\.1 404/);
      held.push(open);
    }
    const extra = await socket();
    extra.write(`GET /api/none HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
    expect(await untilClosed(extra)).toBe('');

    held[0]?.destroy();
    // The server learns of that close a moment later; until then a new socket is still over the cap.
    let answered: HttpAnswer | null = null;
    for (let attempt = 0; attempt < 50 && answered === null; attempt += 1) {
      answered = await accountsList().catch(() => null);
      if (answered === null) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(answered?.status).toBe(200);
  }, 10_000);
});

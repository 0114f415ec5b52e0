/**
 * The browser's sign-in to `mailtrove serve`: the printed address's token is exchanged once for a random
 * session cookie scoped to /api, so the cookie that every server on 127.0.0.1 receives is not the token.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startWebServer, type WebServer } from '../../src-main/web/server.ts';
import { createHandlerArchive, type HandlerArchive } from '../support/handler-archive.ts';
import { httpRequest, parseSetCookie, type HttpAnswer } from '../support/http-client.ts';

let archive: HandlerArchive;
let staticDir: string;
let server: WebServer;

const invoke = (target: WebServer, headers: Record<string, string>): Promise<HttpAnswer> =>
  httpRequest(target.port, 'POST', '/api/invoke/accounts:list', {
    headers: { 'content-type': 'application/json', ...headers },
    body: '{}',
  });

/** Opens the printed address as a browser would, and returns the cookie it is given. */
async function signIn(target: WebServer): Promise<{ answer: HttpAnswer; cookie: string }> {
  const answer = await httpRequest(target.port, 'GET', `/?token=${target.token}`);
  const header = answer.headers['set-cookie']?.[0] ?? '';
  return { answer, cookie: header.split(';')[0] ?? '' };
}

/** How the server answers a WebSocket handshake with these headers: 'open' or the error's text. */
function openEvents(target: WebServer, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${target.port}/api/events`, { headers });
    socket.once('open', () => {
      // A ping answered proves the socket is really up, not only the handshake.
      socket.ping();
      socket.once('pong', () => {
        socket.close();
        resolve('open');
      });
    });
    socket.once('error', (error) => {
      resolve(error.message);
    });
  });
}

beforeAll(() => {
  archive = createHandlerArchive();
  staticDir = path.join(archive.dir, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>MailTrove</title>');
});
afterAll(() => {
  archive.close();
});
// Each test signs in to a server of its own: the exchange happens once per server run.
beforeEach(async () => {
  server = await startWebServer({ handlers: archive.handlers, staticDir, port: 0 });
});
afterEach(async () => {
  await server.close();
});

describe('signing a browser in to the local web server', () => {
  it('exchanges the token for a random HttpOnly, SameSite=Strict cookie on /api and drops it from the address', async () => {
    const { answer } = await signIn(server);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/');
    const cookie = parseSetCookie(answer.headers['set-cookie']?.[0] ?? '');
    expect(cookie.name).toBe(`mailtrove_session_${server.port}`);
    expect(cookie.value.length).toBeGreaterThanOrEqual(32);
    expect(cookie.value).not.toContain(server.token);
    expect(server.token).not.toContain(cookie.value);
    expect(cookie.attributes.has('httponly')).toBe(true);
    expect(cookie.attributes.get('samesite')).toBe('Strict');
    expect(cookie.attributes.get('path')).toBe('/api');
  });

  it('lets the session cookie call the API and open the event WebSocket', async () => {
    const { cookie } = await signIn(server);
    const reply = await invoke(server, { cookie });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true });
    expect(await openEvents(server, { cookie })).toBe('open');
    // A browser that still holds another cookie of the same name on another path is signed in as well.
    expect((await invoke(server, { cookie: `${cookie.split('=')[0] ?? ''}=stale; ${cookie}` })).status).toBe(
      200,
    );
  });

  it('refuses the token as a cookie, and the session anywhere but in its cookie', async () => {
    const { cookie } = await signIn(server);
    const session = cookie.slice(cookie.indexOf('=') + 1);
    const tokenCookies = [
      `mailtrove_session_${server.port}=${server.token}`,
      `mailtrove_${server.port}=${server.token}`,
    ];
    for (const tokenCookie of tokenCookies) {
      expect((await invoke(server, { cookie: tokenCookie })).status).toBe(401);
      expect(await openEvents(server, { cookie: tokenCookie })).toMatch(/401/);
    }
    expect((await invoke(server, { authorization: `Bearer ${session}` })).status).toBe(401);
    // The token in a URL signs in a page; it is no credential for the API itself.
    const queried = await httpRequest(
      server.port,
      'POST',
      `/api/invoke/accounts:list?token=${server.token}`,
      {
        headers: { 'content-type': 'application/json' },
        body: '{}',
      },
    );
    expect(queried.status).toBe(401);
  });

  it('gives a stolen cookie nothing on another server run', async () => {
    const { cookie } = await signIn(server);
    const other = await startWebServer({ handlers: archive.handlers, staticDir, port: 0 });
    try {
      // Renamed for the other port, as a browser would send it there if the name matched.
      const moved = cookie.replace(`_${server.port}=`, `_${other.port}=`);
      expect((await invoke(other, { cookie: moved })).status).toBe(401);
      expect((await signIn(other)).answer.status).toBe(303);
      expect((await invoke(other, { cookie: moved })).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('mints one session however often the address is opened, and the token stays a Bearer token', async () => {
    // Opened many times at once (say, a double click): still one session.
    const burst = await Promise.all(Array.from({ length: 5 }, () => signIn(server)));
    expect(burst.map((b) => b.answer.status)).toEqual([303, 303, 303, 303, 303]);
    const minted = burst.filter((b) => b.answer.headers['set-cookie'] !== undefined);
    expect(minted).toHaveLength(1);
    const again = await signIn(server);
    expect(again.answer.status).toBe(303);
    expect(again.answer.headers.location).toBe('/');
    expect(again.answer.headers['set-cookie']).toBeUndefined();
    expect((await invoke(server, { cookie: minted[0]?.cookie ?? '' })).status).toBe(200);
    expect((await invoke(server, { authorization: `Bearer ${server.token}` })).status).toBe(200);
  });

  it('serves the app itself without a session, and keeps redirects on this server', async () => {
    const page = await httpRequest(server.port, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>MailTrove</title>');
    expect(page.headers['set-cookie']).toBeUndefined();
    expect((await invoke(server, {})).status).toBe(401);
    const sneaky = await httpRequest(server.port, 'GET', `/.//evil.example/?token=${server.token}&x=1`);
    expect(sneaky.status).toBe(303);
    expect(sneaky.headers.location).toBe('/evil.example/?x=1');
  });
});

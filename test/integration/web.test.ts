import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { defaultImportOptions } from '../../src-shared/domain.ts';
import { startWebServer, type WebServer } from '../../src-main/web/server.ts';
import { createHandlerArchive, type HandlerArchive } from '../support/handler-archive.ts';
import { httpRequest, type HttpAnswer, type HttpRequestOptions } from '../support/http-client.ts';

let archive: HandlerArchive;
let server: WebServer;

const request = (method: string, urlPath: string, options: HttpRequestOptions = {}): Promise<HttpAnswer> =>
  httpRequest(server.port, method, urlPath, options);

const invoke = (channel: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> =>
  request('POST', `/api/invoke/${channel}`, {
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

const bearer = (): Record<string, string> => ({ authorization: `Bearer ${server.token}` });

beforeAll(async () => {
  archive = createHandlerArchive();
  const staticDir = path.join(archive.dir, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>MailTrove</title>');
  fs.writeFileSync(path.join(archive.dir, 'secret.txt'), 'not for the browser');
  server = await startWebServer({ handlers: archive.handlers, staticDir, port: 0 });
});
afterAll(async () => {
  await server.close();
  archive.close();
});

describe('the local web server', () => {
  it('prints an address on 127.0.0.1 that carries its token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses API calls without the token or the session, and a wrong token in the address', async () => {
    expect((await invoke('accounts:list', {})).status).toBe(401);
    expect((await invoke('accounts:list', {}, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await request('GET', '/?token=wrong')).status).toBe(401);
  });

  it('refuses another Host (DNS rebinding) and another Origin (cross-site), even with the token', async () => {
    const rebound = await invoke('accounts:list', {}, { ...bearer(), host: `evil.example:${server.port}` });
    expect(rebound.status).toBe(403);
    const crossSite = await invoke('accounts:list', {}, { ...bearer(), origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const sameSite = await invoke(
      'accounts:list',
      {},
      { ...bearer(), origin: `http://localhost:${server.port}` },
    );
    expect(sameSite.status).toBe(200);
  });

  it('answers invoke with the Reply JSON, the channel name plain or percent-encoded', async () => {
    const reply = await invoke('search%3Aquery', { query: 'zeppelin' }, bearer());
    expect(reply.headers['content-type']).toMatch(/application\/json/);
    const body = JSON.parse(reply.body) as { ok: true; value: { totalThreads: number } };
    expect(body).toMatchObject({ ok: true, value: { totalThreads: 1 } });
    const invalid = JSON.parse((await invoke('jobs:pause', { jobId: 'x' }, bearer())).body) as unknown;
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('refuses what is not a JSON request to a known channel', async () => {
    expect((await invoke('accounts:nuke', {}, bearer())).status).toBe(404);
    const form = await request('POST', '/api/invoke/accounts:list', {
      headers: { ...bearer(), 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
    const broken = await request('POST', '/api/invoke/accounts:list', {
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: '{',
    });
    expect(broken.status).toBe(400);
  });

  it('serves only files of the built app', async () => {
    expect((await request('GET', '/%2e%2e/secret.txt', { headers: bearer() })).status).toBe(404);
    expect((await request('GET', '/..%2fsecret.txt', { headers: bearer() })).status).toBe(404);
    expect(
      (await request('GET', '/index.html', { headers: bearer() })).headers['content-security-policy'],
    ).toMatch(/frame-ancestors 'none'/);
  });

  it('pushes engine events over the WebSocket as {event, payload}', async () => {
    const url = `ws://127.0.0.1:${server.port}/api/events`;
    const socket = new WebSocket(url, { headers: bearer() });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const message = new Promise<unknown>((resolve) => {
      socket.once('message', (data: Buffer) => {
        resolve(JSON.parse(data.toString()));
      });
    });
    const options = {
      ...defaultImportOptions(),
      batchSize: 100,
    };
    const started = await invoke('import:start', { account: 'work', options }, bearer());
    expect(started.status).toBe(200);
    expect(await message).toMatchObject({
      event: 'job:state',
      payload: { account: 'work', state: 'running' },
    });
    socket.close();
  });

  it('refuses WebSockets without the token or from another origin', async () => {
    const url = `ws://127.0.0.1:${server.port}/api/events`;
    const refused = (headers: Record<string, string>): Promise<string> =>
      new Promise((resolve) => {
        const socket = new WebSocket(url, { headers });
        socket.once('open', () => {
          resolve('opened');
        });
        socket.once('error', (error) => {
          resolve(error.message);
        });
      });
    expect(await refused({})).toMatch(/401/);
    expect(await refused({ ...bearer(), origin: 'https://evil.example' })).toMatch(/403/);
  });
});

/**
 * `mailtrove export`, `mailtrove serve` and the browser's download route, as a user (or a hostile page
 * with a path) meets them: the archive and existing files survive, a path under /proc answers at once,
 * and the download is the same mbox the CLI writes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMboxrd } from '../../src-main/engine/export/mbox.ts';
import { startWebServer, type WebServer } from '../../src-main/web/server.ts';
import { runCli, type CliResult } from '../support/cli.ts';
import { createHandlerArchive, REPORT, type HandlerArchive } from '../support/handler-archive.ts';
import { startServe, type ServeProcess } from '../support/serve.ts';

let archive: HandlerArchive;
let outside: string;
beforeAll(() => {
  archive = createHandlerArchive();
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-export-cli-'));
});
afterAll(() => {
  archive.close();
  fs.rmSync(outside, { recursive: true, force: true });
});

const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const exportCli = (args: string[]): Promise<CliResult> =>
  runCli(['--archive', archive.dir, 'export', '--query', 'quarterly', ...args], { timeoutMs: 30_000 });

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP request to 127.0.0.1, failing if no full answer comes within `timeoutMs`. */
function request(
  port: number,
  method: string,
  urlPath: string,
  options: { headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers: options.headers });
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer to ${method} ${urlPath} within ${options.timeoutMs ?? 10_000} ms`));
    }, options.timeoutMs ?? 10_000);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(options.body);
  });
}

describe('mailtrove export', () => {
  it('refuses the archive, with or without --force, and leaves it intact', async () => {
    const db = path.join(archive.dir, 'mailtrove.sqlite');
    const before = sha(db);
    for (const force of [[], ['--force']]) {
      const result = await exportCli(['--format', 'mbox', '--out', db, ...force]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`Refusing to write the export to ${db}`);
      expect(result.stderr).toContain('Choose a place outside the archive.');
    }
    const inside = await exportCli(['--format', 'eml', '--out', path.join(archive.dir, 'eml'), '--force']);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/inside the archive folder/);
    expect(sha(db)).toBe(before);
    expect(fs.existsSync(path.join(archive.dir, 'eml'))).toBe(false);
    const verify = await runCli(['--archive', archive.dir, 'verify', '--json']);
    expect(verify.code, verify.stdout).toBe(0);
  });

  it('refuses an existing file without --force, and replaces it with --force', async () => {
    const out = path.join(outside, 'bashrc');
    fs.writeFileSync(out, 'export PATH=/usr/bin\n');
    const refused = await exportCli(['--format', 'mbox', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${out} already exists; pass --force to replace it.`);
    expect(fs.readFileSync(out, 'utf8')).toBe('export PATH=/usr/bin\n');

    const forced = await exportCli(['--format', 'mbox', '--out', out, '--force', '--json']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ messages: 2, out, format: 'mbox' });
    expect([...readMboxrd(fs.readFileSync(out))][0]?.equals(REPORT)).toBe(true);
    expect(fs.readdirSync(outside)).toEqual(['bashrc']);
  });

  it('refuses a missing parent folder, creating none, and answers a /proc path at once', async () => {
    const missing = path.join(outside, 'nonexistent-dir', 'x.mbox');
    const result = await exportCli(['--format', 'mbox', '--out', missing]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`The folder ${path.dirname(missing)} does not exist.`);
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
    const eml = await exportCli(['--format', 'eml', '--out', path.join(outside, 'a', 'b')]);
    expect(eml.code).toBe(2);
    expect(fs.existsSync(path.join(outside, 'a'))).toBe(false);

    // Node's recursive mkdir spins forever on this path; the export must not try.
    const proc = await runCli(
      ['--archive', archive.dir, 'export', '--format', 'mbox', '--out', '/proc/self/nope/x.mbox'],
      { timeoutMs: 15_000 },
    );
    expect(proc.code, proc.stderr).toBe(2);
    expect(proc.stderr).toContain('The folder /proc/self/nope does not exist.');
  });
});

describe('mailtrove serve with a hostile export path', () => {
  let serve: ServeProcess | undefined;
  afterAll(async () => {
    await serve?.stop();
  });

  it('answers /proc/self/x/y.mbox with an error within a second and keeps answering', async () => {
    serve = await startServe({ archive: archive.dir });
    const url = new URL(serve.url);
    const port = Number(url.port);
    const headers = {
      authorization: `Bearer ${url.searchParams.get('token') ?? ''}`,
      'content-type': 'application/json',
    };
    const invoke = (channel: string, body: unknown, timeoutMs: number): Promise<Answer> =>
      request(port, 'POST', `/api/invoke/${channel}`, { headers, body: JSON.stringify(body), timeoutMs });
    expect((await invoke('app:info', {}, 10_000)).status).toBe(200);

    const [exported, info] = await Promise.all([
      invoke(
        'export:run',
        { source: { query: 'quarterly' }, format: 'mbox', out: '/proc/self/x/y.mbox' },
        1_000,
      ),
      invoke('app:info', {}, 1_000),
    ]);
    expect(JSON.parse(exported.body.toString())).toMatchObject({
      ok: false,
      error: { code: 'usage', message: 'The folder /proc/self/x does not exist.' },
    });
    expect(JSON.parse(info.body.toString())).toMatchObject({ ok: true });
    const again = await invoke('search:query', { query: 'zeppelin' }, 1_000);
    expect(JSON.parse(again.body.toString())).toMatchObject({ ok: true, value: { totalThreads: 1 } });
  }, 60_000);
});

describe("the browser's export download", () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer({ handlers: archive.handlers, staticDir: null, port: 0 });
  });
  afterAll(async () => {
    await server.close();
  });
  const get = (urlPath: string, headers: Record<string, string> = {}): Promise<Answer> =>
    request(server.port, 'GET', urlPath, {
      headers: { authorization: `Bearer ${server.token}`, ...headers },
    });

  it('streams the same mbox bytes as `mailtrove export`, as an attachment', async () => {
    const cliOut = path.join(outside, 'cli.mbox');
    const cli = await exportCli(['--format', 'mbox', '--out', cliOut]);
    expect(cli.code, cli.stderr).toBe(0);
    const download = await get('/api/export.mbox?query=quarterly');
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/mbox');
    expect(download.headers['content-disposition']).toMatch(
      /^attachment; filename="mailtrove-export-\d{4}-\d{2}-\d{2}\.mbox"$/,
    );
    expect(download.headers['cache-control']).toBe('no-store');
    expect(download.body.equals(fs.readFileSync(cliOut))).toBe(true);

    const folder = await get('/api/export.mbox?folder=INBOX');
    expect(folder.headers['x-mailtrove-messages']).toBe('3');
    expect([...readMboxrd(folder.body)]).toHaveLength(3);
  });

  it('refuses without the token, and answers bad requests plainly', async () => {
    const anonymous = await request(server.port, 'GET', '/api/export.mbox?query=quarterly');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.toString()).not.toContain('From ');
    const forged = await get('/api/export.mbox?query=quarterly', { authorization: 'Bearer wrong' });
    expect(forged.status).toBe(401);
    expect((await get('/api/export.mbox')).status).toBe(400);
    expect((await get('/api/export.mbox?query=a&folder=INBOX')).status).toBe(400);
    const unmatched = await get(`/api/export.mbox?query=${encodeURIComponent('quarterly)')}`);
    expect(unmatched.status).toBe(400);
    expect(unmatched.body.toString()).toMatch(/Unmatched '\)'/);
    const post = await request(server.port, 'POST', '/api/export.mbox?query=quarterly', {
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(post.status).toBe(405);
  });
});

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import path from 'node:path';
import { ImapFlow, type ImapFlowError } from 'imapflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus, writeMaildir, type CorpusMessage } from '../support/corpus.ts';
import { dovecotAvailable, startDovecot, type DovecotServer } from '../support/dovecot.ts';
import {
  gmailThrottled,
  m365Throttled,
  startFaultProxy,
  tooManyConnections,
  type FaultProxy,
} from '../support/fault-proxy.ts';
import { createRng } from '../support/prng.ts';

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until check() is true; fails the test after ms instead of hanging it. */
async function waitFor(what: string, check: () => boolean, ms = 3000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** The error a promise rejects with (fails if it resolves), as imapflow shapes it. */
async function rejection(promise: Promise<unknown>): Promise<ImapFlowError> {
  const error: unknown = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (error instanceof Error) return error;
  throw new Error(`expected a rejection with an Error, got ${String(error)}`);
}

/** A plain TCP server for the byte-level tests: onSocket decides what it sends; it records what it gets. */
async function fakeServer(onSocket: (socket: Socket) => void = () => undefined) {
  const received: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('close', () => sockets.delete(socket));
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return {
    target: { host: '127.0.0.1', port: address.port },
    received: (): Buffer => Buffer.concat(received),
    close: async (): Promise<void> => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

/** A client socket that collects what it receives and how it ended. */
function client(proxy: FaultProxy) {
  const socket = connect(proxy.port, proxy.host);
  socket.setNoDelay(true);
  const chunks: Buffer[] = [];
  const state = { ended: false, closed: false, error: null as string | null };
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('end', () => (state.ended = true));
  socket.on('error', (error: NodeJS.ErrnoException) => (state.error = error.code ?? error.message));
  socket.on('close', () => (state.closed = true));
  return { socket, state, bytes: (): Buffer => Buffer.concat(chunks) };
}

describe('fault proxy, byte level', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  async function setup(onSocket?: (socket: Socket) => void, settings = {}, seed?: number) {
    const server = await fakeServer(onSocket);
    cleanup.push(server.close);
    const proxy = await startFaultProxy(server.target, settings, seed);
    cleanup.push(() => proxy.close());
    return { server, proxy };
  }

  it('forwards server bytes unchanged', async () => {
    const payload = createRng(7).bytes(1_000_000);
    const { proxy } = await setup((socket) => socket.end(payload));
    const c = client(proxy);
    await waitFor('the end of the payload', () => c.state.closed);
    expect(sha(c.bytes())).toBe(sha(payload));
    expect(c.state.error).toBeNull();
    expect(proxy.stats).toMatchObject({ connections: 1, bytesToClient: payload.length, drops: 0 });
  });

  it('throttles FETCH command lines only, passing literals (even FETCH-like ones) verbatim', async () => {
    const { server, proxy } = await setup(undefined, { throttleEveryNthFetch: 1 });
    const message = 'Subject: FETCH\r\n\r\nb1 FETCH 1 (BODY[])\r\nb2 UID FETCH 1:* (FLAGS)\r\n';
    const login = 'a1 LOGIN alice secret\r\n';
    const append = `a2 APPEND INBOX {${message.length}}\r\n${message}\r\n`;
    // MULTIAPPEND with non-synchronizing literals: the line after a literal continues the command.
    const multi = `a3 APPEND INBOX (\\Seen) {${message.length}+}\r\n${message} {${message.length}+}\r\n${message}\r\n`;
    const noop = 'a4 NOOP\r\n';
    const fetch1 = 'c1 UID FETCH 1:* (UID FLAGS)\r\n';
    const fetch2 = 'c2 fetch 2 BODY.PEEK[]\r\n';
    const stream = Buffer.from(login + fetch1 + append + multi + fetch2 + noop, 'latin1');
    const c = client(proxy);
    // Single bytes and odd sizes, so lines and literals straddle chunk boundaries.
    for (let at = 0, size = 1; at < stream.length; at += size, size = (size % 7) + 1) {
      c.socket.write(stream.subarray(at, at + size));
      if (at % 5 === 0) await sleep(1);
    }
    const expected = Buffer.from(login + append + multi + noop, 'latin1');
    await waitFor('every kept byte at the server', () => server.received().length >= expected.length);
    await waitFor('both throttle answers', () => c.bytes().toString('latin1').split('\r\n').length === 3);
    expect(server.received().toString('latin1')).toBe(expected.toString('latin1'));
    expect(c.bytes().toString('latin1')).toBe(`${gmailThrottled('c1')}\r\n${gmailThrottled('c2')}\r\n`);
    expect(proxy.stats).toMatchObject({ throttled: 2, bytesToServer: expected.length });
  });

  it('drops after a jittered number of bytes, again after a reconnect, and counts the drops', async () => {
    const payload = createRng(8).bytes(300_000);
    const { proxy } = await setup((socket) => socket.write(payload), { dropEveryBytes: 40_000 }, 3);
    const lengths: number[] = [];
    for (let i = 0; i < 2; i++) {
      const c = client(proxy);
      await waitFor('the drop', () => c.state.closed);
      const got = c.bytes();
      // A truncated prefix, then a clean close (FIN): nothing after the cut, nothing corrupted.
      expect(got.length).toBeGreaterThanOrEqual(20_000);
      expect(got.length).toBeLessThanOrEqual(60_000);
      expect(got.equals(payload.subarray(0, got.length))).toBe(true);
      expect(c.state).toMatchObject({ ended: true, error: null });
      lengths.push(got.length);
    }
    const [first, second] = lengths;
    expect(first).not.toBe(second);
    expect(proxy.stats).toMatchObject({
      connections: 2,
      drops: 2,
      bytesToClient: (first ?? 0) + (second ?? 0),
    });
  });

  it('drops every connection after its own seeded number of bytes, each within the range', async () => {
    const payload = createRng(9).bytes(500_000);
    const range = { min: 100 * 1024, max: 400 * 1024 };
    const lengthsFor = async (seed: number): Promise<number[]> => {
      const { proxy } = await setup((socket) => socket.write(payload), { dropConnectionAfter: range }, seed);
      const lengths: number[] = [];
      for (let i = 0; i < 4; i++) {
        const c = client(proxy);
        await waitFor('the drop', () => c.state.closed);
        const got = c.bytes();
        expect(got.equals(payload.subarray(0, got.length))).toBe(true);
        expect(c.state).toMatchObject({ ended: true, error: null });
        lengths.push(got.length);
      }
      expect(proxy.stats).toMatchObject({ connections: 4, drops: 4 });
      return lengths;
    };
    const lengths = await lengthsFor(5);
    for (const n of lengths) {
      expect(n).toBeGreaterThanOrEqual(range.min);
      expect(n).toBeLessThanOrEqual(range.max);
    }
    expect(new Set(lengths).size).toBe(4);
    // The same seed cuts at the same points: a failing run can be replayed.
    expect(await lengthsFor(5)).toEqual(lengths);
  });

  it('adds the latency to each direction and keeps the order when it changes mid-flight', async () => {
    const { proxy } = await setup((socket) => socket.pipe(socket), { latencyMs: 100 });
    const c = client(proxy);
    const started = performance.now();
    c.socket.write('ping\r\n');
    await waitFor('the echo', () => c.bytes().length === 6);
    const roundTrip = performance.now() - started;
    expect(roundTrip).toBeGreaterThanOrEqual(200);
    expect(roundTrip).toBeLessThan(400);

    // Whole lines: the proxy holds an incomplete client line until its CRLF (it might be a FETCH).
    proxy.settings.latencyMs = 150;
    c.socket.write('a\r\n');
    await sleep(20);
    proxy.settings.latencyMs = 0;
    c.socket.write('b\r\n');
    await waitFor('both echoes', () => c.bytes().length === 12);
    expect(c.bytes().toString()).toBe('ping\r\na\r\nb\r\n');
  });

  it('stalls one connection for good, lets the next through, and close() still returns at once', async () => {
    const { proxy } = await setup(
      (socket) => {
        const timer = setInterval(() => {
          socket.write(Buffer.alloc(1000, 0x61));
        }, 5);
        socket.on('close', () => {
          clearInterval(timer);
        });
      },
      { stallAfterBytes: 2500 },
    );
    const stalled = client(proxy);
    await waitFor('the stall', () => proxy.stats.stalls === 1);
    await sleep(300);
    expect(stalled.bytes().length).toBe(2500);
    expect(stalled.state).toMatchObject({ ended: false, closed: false });
    expect(proxy.settings.stallAfterBytes).toBeNull();

    const next = client(proxy);
    await waitFor('traffic past the old stall point', () => next.bytes().length > 5000);
    const started = performance.now();
    await proxy.close();
    expect(performance.now() - started).toBeLessThan(500);
    await waitFor('the stalled client to see the close', () => stalled.state.closed);
  });

  it('stalls only the connection it is aimed at, the others going on', async () => {
    const { proxy } = await setup((socket) => {
      const timer = setInterval(() => {
        socket.write(Buffer.alloc(1000, 0x61));
      }, 5);
      socket.on('close', () => {
        clearInterval(timer);
      });
    });
    const first = client(proxy);
    const second = client(proxy);
    await waitFor('both flowing', () => first.bytes().length > 0 && second.bytes().length > 0);
    proxy.settings.stallConnection = 2;
    proxy.settings.stallAfterBytes = 0;
    await waitFor('the stall', () => proxy.stats.stalls === 1);
    const [firstAt, secondAt] = [first.bytes().length, second.bytes().length];
    await sleep(100);
    expect(first.bytes().length).toBeGreaterThan(firstAt + 5000);
    expect(second.bytes().length).toBe(secondAt);
    await proxy.close();
  });
});

describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')(
  'fault proxy in front of Dovecot',
  () => {
    const USER = 'alice';
    const PASSWORD = 'pw';
    let server: DovecotServer;
    let proxy: FaultProxy;
    let inbox: CorpusMessage[];

    beforeAll(async () => {
      // All in INBOX, one of them big (2–5 MB) so a drop or stall can land inside a single FETCH response.
      inbox = generateCorpus({ count: 12, bigAttachments: 1 }).map((m) => ({ ...m, folders: ['INBOX'] }));
      server = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
      writeMaildir(server.maildir(USER), inbox);
    });
    afterAll(async () => {
      await server.stop({ removeDir: true });
    });
    afterEach(async () => {
      await proxy.close();
    });

    /** A logged-in imapflow client through the proxy with INBOX selected, and the 'error' events it got. */
    async function imap(socketTimeout = 10_000) {
      const c = new ImapFlow({
        host: proxy.host,
        port: proxy.port,
        secure: false,
        auth: { user: USER, pass: PASSWORD },
        logger: false,
        disableAutoIdle: true,
        socketTimeout,
      });
      const errors: ImapFlowError[] = [];
      const state = { closed: false };
      c.on('error', (error: ImapFlowError) => errors.push(error));
      c.on('close', () => (state.closed = true));
      await c.connect();
      const lock = await c.getMailboxLock('INBOX', { readOnly: true });
      return { c, errors, state, lock };
    }
    /** Bodies of a UID FETCH like the engine's (the async generator), collected until it ends or fails. */
    async function fetchSources(c: ImapFlow, range = '1:*', got: Buffer[] = []): Promise<Buffer[]> {
      for await (const m of c.fetch(range, { uid: true, source: true }, { uid: true })) {
        if (m.source) got.push(m.source);
      }
      return got;
    }
    /** Dovecot's own count (logged at logout) of the message bodies a session sent. */
    async function bodiesSent(before: number): Promise<number> {
      const lines = (): string[] => server.logs().match(/Logged out in=.*/g) ?? [];
      await waitFor("Dovecot's logout line", () => lines().length > before);
      return Number(/body_count=(\d+)/.exec(lines().at(-1) ?? '')?.[1]);
    }
    const logouts = (): number => (server.logs().match(/Logged out in=/g) ?? []).length;

    it('passes every message byte-identical to its Maildir file', async () => {
      proxy = await startFaultProxy(server);
      const { c, lock } = await imap();
      const fetched = await fetchSources(c);
      lock.release();
      await c.logout();
      const dir = server.maildir(USER);
      const onDisk = ['cur', 'new'].flatMap((sub) =>
        fs.readdirSync(path.join(dir, sub)).map((f) => sha(fs.readFileSync(path.join(dir, sub, f)))),
      );
      expect(fetched.map(sha).sort()).toEqual(onDisk.sort());
      expect(onDisk.sort()).toEqual(inbox.map((m) => m.sha256).sort());
    });

    it('a drop mid-FETCH: imapflow yields only whole messages, then rejects with NoConnection', async () => {
      proxy = await startFaultProxy(server);
      const { c, errors, state } = await imap();
      proxy.settings.dropEveryBytes = 400_000;
      const got: Buffer[] = [];
      const error = await rejection(fetchSources(c, '1:*', got));
      expect(error).toMatchObject({
        code: 'NoConnection',
        message: 'Connection not available',
        command: 'UID FETCH',
      });
      // A FIN, not a reset: no 'error' event, only 'close'.
      expect(errors).toEqual([]);
      expect(state.closed).toBe(true);
      expect(c.usable).toBe(false);
      const known = new Set(inbox.map((m) => m.sha256));
      expect(got.every((source) => known.has(sha(source)))).toBe(true);
      expect(proxy.stats.drops).toBe(1);
      expect(await rejection(c.noop())).toMatchObject({ code: 'NoConnection' });

      proxy.settings.dropEveryBytes = null;
      const again = await imap();
      expect(await fetchSources(again.c)).toHaveLength(inbox.length);
      again.lock.release();
      await again.c.logout();
    });

    it('a throttled FETCH fails with the NO at the client, never reaches Dovecot, and the next works', async () => {
      proxy = await startFaultProxy(server, { throttleEveryNthFetch: 2, throttleResponse: gmailThrottled });
      const before = logouts();
      const { c, lock } = await imap();
      expect(await fetchSources(c, '1')).toHaveLength(1);
      const error = await rejection(fetchSources(c, '2'));
      // No code: imapflow strips the response code from responseText and only keeps it in the parsed response.
      expect(error).toMatchObject({
        message: 'Command failed',
        responseStatus: 'NO',
        responseText: 'Too many commands. Please try again later. (Failure)',
        response: { command: 'NO', attributes: [{ section: [{ value: 'THROTTLED' }] }, {}] },
      });
      expect(error.code).toBeUndefined();
      expect(c.usable).toBe(true);
      expect(await fetchSources(c, '3')).toHaveLength(1);
      lock.release();
      await c.logout();
      expect(proxy.stats.throttled).toBe(1);
      // Dovecot itself counted two bodies for the three FETCHes the client sent.
      expect(await bodiesSent(before)).toBe(2);
    });

    it("imapflow waits out and retries an M365 'Request is throttled' by itself", async () => {
      proxy = await startFaultProxy(server, {
        throttleEveryNthFetch: 2,
        throttleResponse: m365Throttled(300),
      });
      const { c, lock } = await imap();
      expect(await fetchSources(c, '1')).toHaveLength(1);
      const started = performance.now();
      expect(await fetchSources(c, '2')).toHaveLength(1);
      // Its own back-off: max(hint, 1 s) before the first retry.
      expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
      expect(proxy.stats.throttled).toBe(1);
      lock.release();
      await c.logout();
    });

    it('latency adds at least twice the one-way delay to a round trip', async () => {
      proxy = await startFaultProxy(server);
      const { c, lock } = await imap();
      proxy.settings.latencyMs = 100;
      const started = performance.now();
      await c.noop();
      expect(performance.now() - started).toBeGreaterThanOrEqual(200);
      lock.release();
      await c.logout();
    });

    it("a stall mid-FETCH: imapflow's socketTimeout emits ETIMEOUT and the FETCH rejects; the reconnect flows", async () => {
      proxy = await startFaultProxy(server);
      const { c, errors } = await imap(500);
      proxy.settings.stallAfterBytes = 0;
      const started = performance.now();
      const error = await rejection(fetchSources(c));
      expect(performance.now() - started).toBeGreaterThanOrEqual(450);
      expect(error).toMatchObject({ code: 'NoConnection', command: 'UID FETCH' });
      expect(errors.map((e) => e.code)).toEqual(['ETIMEOUT']);
      expect(proxy.stats.stalls).toBe(1);

      const again = await imap(500);
      expect(await fetchSources(again.c, '1')).toHaveLength(1);
      again.lock.release();
      await again.c.logout();
    });

    it('without a socketTimeout a stalled FETCH just waits; close() ends it at once', async () => {
      proxy = await startFaultProxy(server);
      const { c } = await imap(60_000);
      proxy.settings.stallAfterBytes = 0;
      const pending = rejection(fetchSources(c));
      await sleep(300);
      const started = performance.now();
      await proxy.close();
      expect(performance.now() - started).toBeLessThan(200);
      expect(await pending).toMatchObject({ code: 'NoConnection' });
    });

    it('refused connections: imapflow rejects connect() with the BYE text as reason', async () => {
      proxy = await startFaultProxy(server, { refuseConnectionsWith: tooManyConnections });
      const error = await rejection(imap());
      expect(error).toMatchObject({
        code: 'ClosedAfterConnectText',
        reason: 'Too many simultaneous connections. (Failure)',
      });
      expect(proxy.stats).toMatchObject({ connections: 1, refused: 1 });
    });
  },
);

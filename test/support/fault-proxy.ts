/**
 * A fault-injecting TCP proxy for IMAP tests: it sits between a client (imapflow) and a real Dovecot and
 * breaks the connection in controlled, reproducible ways — drops mid-message, stalls, latency and
 * provider-style throttling answers to FETCH. Everything else passes byte-for-byte. Plain TCP only: a
 * session that negotiated COMPRESS=DEFLATE or TLS would hide the commands (our test Dovecot offers neither).
 */
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { createRng } from './prng.ts';

export interface FaultSettings {
  /**
   * Destroy the connection after roughly this many server→client bytes since the previous drop (counted
   * over all connections, so a client that reconnects is dropped again). The exact point is jittered
   * ±50% by a seeded PRNG so drops land mid-message. The bytes before the point reach the client, then it
   * sees the connection close (FIN). null = never.
   */
  dropEveryBytes: number | null;
  /**
   * Destroy each connection once it has sent a number of server→client bytes (counted from its start)
   * drawn for it uniformly from [min, max] by the seeded PRNG: a link that cuts every long transfer, as
   * a hotel Wi-Fi or a phone hotspot does. Drawn when the connection's first server bytes arrive.
   * null = never.
   */
  dropConnectionAfter: { min: number; max: number } | null;
  /**
   * Stop forwarding in both directions once a connection has sent this many server→client bytes (counted
   * from its start); both sockets stay open and silent. One-shot: the first connection to reach it
   * stalls and the proxy sets this back to null, so the client's reconnect goes through. Set 0 in the
   * middle of a session to stall the very next server→client byte. null = never.
   */
  stallAfterBytes: number | null;
  /**
   * With stallAfterBytes: only the connection with this number stalls (connections are numbered from 1 as
   * accepted; see stats.connections). null = whichever reaches it first.
   */
  stallConnection: number | null;
  /** Added one-way delay in ms, per direction (a round trip gains 2×); chunk order is preserved. */
  latencyMs: number;
  /**
   * Answer every Nth client FETCH / UID FETCH (counted over all connections since this value was last
   * changed) with throttleResponse instead of forwarding it: the server never sees that command.
   */
  throttleEveryNthFetch: number | null;
  /** The line answering a throttled FETCH, without CRLF; see the ready-made ones below. */
  throttleResponse: (tag: string) => string;
  /**
   * Greet new connections with this line (without CRLF) and close them, never contacting the server,
   * e.g. tooManyConnections. Connections already open are unaffected. null = off.
   */
  refuseConnectionsWith: string | null;
}

export interface FaultStats {
  /** connections accepted, refused ones included */
  connections: number;
  refused: number;
  drops: number;
  stalls: number;
  throttled: number;
  /** server bytes forwarded to clients (the proxy's own throttle answers are not counted) */
  bytesToClient: number;
  /** client bytes forwarded to the server (throttled FETCH lines are not counted) */
  bytesToServer: number;
}

export interface FaultProxy {
  host: string;
  port: number;
  /** Mutable at any time: every chunk reads the current values. */
  settings: FaultSettings;
  stats: FaultStats;
  /** Closes the listener and destroys every open socket, stalled ones included. */
  close(): Promise<void>;
}

/** A NO carrying Gmail's [THROTTLED] response code (Gmail also tacks it onto slowed-down OKs). */
export const gmailThrottled = (tag: string): string =>
  `${tag} NO [THROTTLED] Too many commands. Please try again later. (Failure)`;

/** Gmail's answer once an account has used up its daily IMAP quota. */
export const bandwidthExceeded = (tag: string): string =>
  `${tag} NO [OVERQUOTA] Account exceeded command or bandwidth limits. (Failure)`;

/**
 * Microsoft 365's throttling answer. M365 has been seen sending it as NO and as BAD (followed by a BYE);
 * imapflow retries a FETCH answered so by itself (see the test), waiting at least 1 s, 2 s, 4 s.
 */
export const m365Throttled =
  (backoffMs: number, status: 'NO' | 'BAD' = 'NO') =>
  (tag: string): string =>
    `${tag} ${status} Request is throttled. Suggested Backoff Time: ${backoffMs} milliseconds`;

/** Exchange ending a session whose OAuth2 access token expired (about hourly), as a throttleResponse. */
export const accessTokenExpired = (): string => '* BYE Session invalidated - AccessTokenExpired';

/** A greeting for refuseConnectionsWith: the connection limit per account is reached (Gmail allows 15). */
export const tooManyConnections = '* BYE [UNAVAILABLE] Too many simultaneous connections. (Failure)';

const DEFAULTS: FaultSettings = {
  dropEveryBytes: null,
  dropConnectionAfter: null,
  stallAfterBytes: null,
  stallConnection: null,
  latencyMs: 0,
  throttleEveryNthFetch: null,
  throttleResponse: gmailThrottled,
  refuseConnectionsWith: null,
};

/**
 * Runs actions in order, each no earlier than the latency after it was queued. One queue per direction
 * (not a timer per chunk) keeps the order even when latencyMs changes while chunks are in flight.
 */
function delayQueue(latencyMs: () => number): { push(run: () => void): void; clear(): void } {
  const items: { due: number; run: () => void }[] = [];
  let timer: NodeJS.Timeout | null = null;
  const schedule = (): void => {
    const head = items[0];
    if (head && !timer) timer = setTimeout(pump, Math.max(1, head.due - performance.now()));
  };
  const pump = (): void => {
    timer = null;
    for (let head = items[0]; head && head.due <= performance.now(); head = items[0]) {
      items.shift();
      head.run();
    }
    schedule();
  };
  return {
    push(run) {
      const ms = latencyMs();
      if (ms <= 0 && items.length === 0) {
        run();
        return;
      }
      const last = items.at(-1)?.due ?? 0;
      items.push({ due: Math.max(performance.now() + ms, last), run });
      schedule();
    },
    clear() {
      if (timer) clearTimeout(timer);
      timer = null;
      items.length = 0;
    },
  };
}

/**
 * Splits the client→server stream into command lines and literals, so FETCH commands can be recognised.
 * A line ending in a literal announcement ({N}, {N+}, ~{N}) is followed by N raw bytes and then by the
 * rest of the same command (RFC 9051 §4.3), which must not be mistaken for a new command. Only an
 * incomplete line is held back; literal bytes pass as soon as they arrive.
 */
function commandSplitter(): (chunk: Buffer) => { fetchTag: string | null; bytes: Buffer }[] {
  let pending: Buffer = Buffer.alloc(0);
  let literalLeft = 0;
  let continuation = false;
  return (chunk) => {
    const out: { fetchTag: string | null; bytes: Buffer }[] = [];
    let data = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    pending = Buffer.alloc(0);
    while (data.length > 0) {
      if (literalLeft > 0) {
        const n = Math.min(literalLeft, data.length);
        out.push({ fetchTag: null, bytes: data.subarray(0, n) });
        literalLeft -= n;
        data = data.subarray(n);
        continue;
      }
      const eol = data.indexOf(0x0a);
      if (eol < 0) {
        pending = Buffer.from(data);
        break;
      }
      const line = data.subarray(0, eol + 1);
      data = data.subarray(eol + 1);
      const text = line.toString('latin1');
      const literal = /\{(\d+)\+?\}\r?\n$/.exec(text);
      // A FETCH that announces a literal is forwarded: swallowing it would leave the client waiting for "+".
      const fetch = continuation || literal ? null : /^(\S+) (?:UID )?FETCH /i.exec(text);
      continuation = literal !== null;
      literalLeft = literal ? Number(literal[1]) : 0;
      out.push({ fetchTag: fetch?.[1] ?? null, bytes: line });
    }
    return out;
  };
}

/** Starts the proxy on 127.0.0.1 (a free port) in front of target. The seed fixes the drop points. */
export async function startFaultProxy(
  target: { host: string; port: number },
  settings: Partial<FaultSettings> = {},
  seed = 1,
): Promise<FaultProxy> {
  const rng = createRng(seed);
  const current: FaultSettings = { ...DEFAULTS, ...settings };
  const stats: FaultStats = {
    connections: 0,
    refused: 0,
    drops: 0,
    stalls: 0,
    throttled: 0,
    bytesToClient: 0,
    bytesToServer: 0,
  };
  const sockets = new Set<Socket>();
  const queues = new Set<ReturnType<typeof delayQueue>>();
  // Budgets are redrawn when the setting changes, so switching a fault on mid-run starts from zero.
  let drop: { every: number; left: number } | null = null;
  let throttle: { every: number; seen: number } | null = null;

  const dropRoom = (): number => {
    const every = current.dropEveryBytes;
    if (every === null) {
      drop = null;
      return Infinity;
    }
    if (drop?.every !== every) drop = { every, left: Math.max(1, Math.round(every * (0.5 + rng.next()))) };
    return drop.left;
  };
  const throttleNow = (): boolean => {
    const every = current.throttleEveryNthFetch;
    if (every === null || every < 1) {
      throttle = null;
      return false;
    }
    if (throttle?.every !== every) throttle = { every, seen: 0 };
    throttle.seen++;
    return throttle.seen % every === 0;
  };
  const track = (socket: Socket): void => {
    sockets.add(socket);
    // Resets are part of the job here: an unhandled 'error' would crash the test process.
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  };

  const listener = createServer((client) => {
    track(client);
    stats.connections++;
    const number = stats.connections;
    if (current.refuseConnectionsWith !== null) {
      stats.refused++;
      client.end(`${current.refuseConnectionsWith}\r\n`);
      return;
    }
    const server = connect(target);
    track(server);
    const toClient = delayQueue(() => current.latencyMs);
    const toServer = delayQueue(() => current.latencyMs);
    queues.add(toClient).add(toServer);
    const split = commandSplitter();
    let state: 'open' | 'stalled' | 'dropped' | 'closed' = 'open';
    let received = 0;
    let lifetime: number | null = null;
    // end() rather than destroy(): bytes still buffered in Node must reach the peer before the FIN.
    const finish = (socket: Socket) => (): void => {
      socket.end(() => socket.destroy());
    };

    server.on('data', (chunk: Buffer) => {
      if (state !== 'open') return;
      const targeted = current.stallConnection === null || current.stallConnection === number;
      const stallAt = targeted ? current.stallAfterBytes : null;
      const stallRoom = stallAt === null ? Infinity : Math.max(0, stallAt - received);
      const range = current.dropConnectionAfter;
      if (range === null) lifetime = null;
      else lifetime ??= rng.int(range.min, range.max);
      const sharedRoom = dropRoom();
      const room = Math.min(sharedRoom, lifetime === null ? Infinity : Math.max(0, lifetime - received));
      const cut = Math.min(chunk.length, room, stallRoom);
      received += cut;
      stats.bytesToClient += cut;
      if (drop) drop.left -= cut;
      if (cut > 0) {
        const part = cut === chunk.length ? chunk : chunk.subarray(0, cut);
        toClient.push(() => client.write(part));
      }
      if (room <= chunk.length && room <= stallRoom) {
        state = 'dropped';
        stats.drops++;
        // The shared budget is drawn again only when it was the one spent.
        if (sharedRoom === room) drop = null;
        server.destroy();
        toClient.push(finish(client));
      } else if (stallRoom <= chunk.length) {
        state = 'stalled';
        stats.stalls++;
        current.stallAfterBytes = null;
      }
    });
    client.on('data', (chunk: Buffer) => {
      if (state !== 'open') return;
      for (const { fetchTag, bytes } of split(chunk)) {
        if (fetchTag !== null && throttleNow()) {
          stats.throttled++;
          const answer = `${current.throttleResponse(fetchTag)}\r\n`;
          toClient.push(() => client.write(answer));
          continue;
        }
        stats.bytesToServer += bytes.length;
        toServer.push(() => server.write(bytes));
      }
    });
    // A close on one side reaches the other after the data still queued for it (e.g. BYE after LOGOUT).
    // A stalled connection hides the server's close from the client, as a dead link would.
    server.once('close', () => {
      toServer.clear();
      queues.delete(toServer);
      if (state !== 'open') return;
      state = 'closed';
      toClient.push(finish(client));
    });
    client.once('close', () => {
      toClient.clear();
      queues.delete(toClient);
      if (state !== 'open' && state !== 'stalled') return;
      state = 'closed';
      toServer.push(finish(server));
    });
  });
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening'); // rejects if listening fails
  listener.on('error', () => undefined);
  const address = listener.address();
  if (address === null || typeof address === 'string') throw new Error('fault proxy: no TCP address');

  return {
    host: '127.0.0.1',
    port: address.port,
    settings: current,
    stats,
    async close() {
      for (const queue of queues) queue.clear();
      queues.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => {
        listener.close(() => {
          resolve();
        });
      });
    },
  };
}

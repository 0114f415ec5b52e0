import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChunkSizer } from '../../src-main/engine/import/chunk-size.ts';
import {
  fetchLargeMessage,
  type LargeOutcome,
  type RangedDeps,
  type RangeSource,
} from '../../src-main/engine/import/ranged-download.ts';
import { cleanSpool, openSpool, STALE_SPOOL_MS, type SpoolFile } from '../../src-main/engine/import/spool.ts';
import { StallError } from '../../src-main/engine/import/stall.ts';
import { createRng } from '../support/prng.ts';

const KiB = 1024;
const key = { folderId: 3, uidValidity: 77, uid: 42 };

/** A fake server: answers ranges of `message()` (which a test may swap), recording what was asked. */
function fakeServer(initial: Buffer, options: { size?: (m: Buffer) => number | null } = {}) {
  let message = initial;
  const asked: { start: number; length: number }[] = [];
  const source: RangeSource = (start, length) => {
    asked.push({ start, length });
    const bytes = Buffer.from(message.subarray(start, start + length));
    const size = options.size ? options.size(message) : message.length;
    return Promise.resolve({ bytes, size, flags: ['\\Seen'], whole: false });
  };
  return {
    source,
    asked,
    /** bytes the server sent so far */
    sent: () => asked.reduce((n, a) => n + Math.max(0, Math.min(a.length, message.length - a.start)), 0),
    replace(next: Buffer) {
      message = next;
    },
  };
}

describe('large messages in ranges through a spool file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-spool-test-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const deps = (over: Partial<RangedDeps> = {}): RangedDeps => ({
    sizer: createChunkSizer(),
    stallTimeoutMs: 5000,
    onStall: () => undefined,
    beforeRange: () => Promise.resolve(),
    onRange: () => undefined,
    readings: new Map(),
    ...over,
  });

  /** The message as the spool holds it, checked against the length and hash the download reported. */
  const complete = (outcome: LargeOutcome, spool: SpoolFile): Buffer => {
    if (outcome.type !== 'complete') throw new Error(`expected the whole message, got ${outcome.type}`);
    const bytes = fs.readFileSync(spool.path);
    expect(outcome.length).toBe(bytes.length);
    expect(outcome.sha256.equals(createHash('sha256').update(bytes).digest())).toBe(true);
    return bytes;
  };

  it('assembles the message from ranges, ending on the short answer, the spool private to the user', async () => {
    const message = createRng(1).bytes(1_300_000);
    const server = fakeServer(message);
    const spool = await openSpool(dir, key, message.length);
    const outcome = await fetchLargeMessage(key.uid, server.source, spool, deps());
    expect(complete(outcome, spool).equals(message)).toBe(true);
    expect(server.asked.map((a) => a.start)).toEqual([0, 1, 2, 3, 4].map((i) => i * 256 * KiB));
    expect(fs.statSync(dir).mode & 0o077).toBe(0);
    expect(fs.statSync(spool.path).mode & 0o077).toBe(0);
  });

  it('continues from the bytes an earlier connection or run left in the spool', async () => {
    const message = createRng(2).bytes(2_000_000);
    const earlier = await openSpool(dir, key, message.length);
    await earlier.append(message.subarray(0, 700_000));
    const server = fakeServer(message);
    const spool = await openSpool(dir, key, message.length);
    expect(spool.length).toBe(700_000);
    const outcome = await fetchLargeMessage(key.uid, server.source, spool, deps());
    expect(complete(outcome, spool).equals(message)).toBe(true);
    expect(server.asked[0]?.start).toBe(700_000);
    expect(server.sent()).toBe(message.length - 700_000);
  });

  it('a dropped range halves the range size and keeps what arrived; the retry goes on from there', async () => {
    const message = createRng(3).bytes(1_500_000);
    const server = fakeServer(message);
    let calls = 0;
    const flaky: RangeSource = (start, length) => {
      calls += 1;
      if (calls === 3)
        return Promise.reject(Object.assign(new Error('closed'), { code: 'EConnectionClosed' }));
      return server.source(start, length);
    };
    const sizer = createChunkSizer();
    const spool = await openSpool(dir, key, message.length);
    await expect(fetchLargeMessage(key.uid, flaky, spool, deps({ sizer }))).rejects.toThrow('closed');
    expect(sizer.size).toBe(128 * KiB);
    expect(spool.length).toBe(512 * KiB);
    const outcome = await fetchLargeMessage(key.uid, flaky, spool, deps({ sizer }));
    expect(complete(outcome, spool).equals(message)).toBe(true);
    expect(server.sent()).toBe(message.length);
  });

  it('a message whose size changed between ranges is fetched again from its first byte', async () => {
    const before = createRng(4).bytes(1_200_000);
    const after = createRng(5).bytes(1_250_000);
    const server = fakeServer(before);
    const source: RangeSource = async (start, length) => {
      const answer = await server.source(start, length);
      if (server.asked.length === 2) server.replace(after);
      return answer;
    };
    const spool = await openSpool(dir, key, before.length);
    const outcome = await fetchLargeMessage(key.uid, source, spool, deps());
    expect(complete(outcome, spool).equals(after)).toBe(true);
    // Two ranges of the old message, the third saw the new size and the next starts over at 0.
    expect(server.asked.map((a) => a.start).slice(0, 4)).toEqual([0, 256 * KiB, 512 * KiB, 0]);
    expect(spool.size).toBe(after.length);
  });

  it('a message whose assembled length is not its RFC822.SIZE is fetched again whole', async () => {
    const before = createRng(6).bytes(1_200_000);
    const after = createRng(7).bytes(1_250_000);
    const server = fakeServer(before, { size: () => before.length });
    const source: RangeSource = async (start, length) => {
      const answer = await server.source(start, length);
      // Changed after two ranges, but the server still says the old size.
      if (server.asked.length === 2) server.replace(after);
      return answer;
    };
    const readings = new Map();
    const spool = await openSpool(dir, key, before.length);
    const outcome = await fetchLargeMessage(key.uid, source, spool, deps({ readings }));
    // The first reading (old start, new end) matched nothing; two equal readings of the new one win.
    expect(complete(outcome, spool).equals(after)).toBe(true);
    expect(server.asked.filter((a) => a.start === 0)).toHaveLength(3);
    expect(readings.size).toBe(0);
  });

  it('takes the bytes of a server whose RFC822.SIZE is an estimate once two readings agree', async () => {
    const message = createRng(11).bytes(1_100_000);
    const server = fakeServer(message, { size: () => 1_000_000 });
    const spool = await openSpool(dir, key, 1_000_000);
    const outcome = await fetchLargeMessage(key.uid, server.source, spool, deps());
    expect(complete(outcome, spool).equals(message)).toBe(true);
    expect(server.sent()).toBe(2 * message.length);
  });

  it('gives a message that keeps changing up as failed instead of storing mixed bytes', async () => {
    const rng = createRng(8);
    const server = fakeServer(rng.bytes(1_100_000));
    const source: RangeSource = async (start, length) => {
      const answer = await server.source(start, length);
      server.replace(rng.bytes(1_100_000 + server.asked.length));
      return answer;
    };
    const spool = await openSpool(dir, key, 1_100_000);
    const outcome = await fetchLargeMessage(key.uid, source, spool, deps());
    expect(outcome.type).toBe('unstable');
  });

  it("takes a server's whole-message answer to a range as the message", async () => {
    const message = createRng(9).bytes(1_100_000);
    const spool = await openSpool(dir, key, message.length);
    await spool.append(message.subarray(0, 300_000));
    const whole: RangeSource = () =>
      Promise.resolve({ bytes: message, size: message.length, flags: [], whole: true });
    const outcome = await fetchLargeMessage(key.uid, whole, spool, deps());
    expect(complete(outcome, spool).equals(message)).toBe(true);
  });

  it('reports a message gone from the server, and cuts off a range that never arrives', async () => {
    const spool = await openSpool(dir, key, 2_000_000);
    const gone = await fetchLargeMessage(key.uid, () => Promise.resolve(null), spool, deps());
    expect(gone.type).toBe('vanished');

    let cut = 0;
    const silent: RangeSource = () => new Promise(() => undefined);
    const stalled = fetchLargeMessage(
      key.uid,
      silent,
      spool,
      deps({ stallTimeoutMs: 20, onStall: () => (cut += 1) }),
    );
    await expect(stalled).rejects.toBeInstanceOf(StallError);
    expect(cut).toBe(1);
  });

  it('drops a spool of another size, and the cleanup removes chosen and stale spools only', async () => {
    const old = await openSpool(dir, key, 1_000_000);
    await old.append(Buffer.alloc(1000));
    const reopened = await openSpool(dir, key, 1_000_001);
    expect(reopened.length).toBe(0);
    expect(fs.existsSync(old.path)).toBe(false);

    const other = await openSpool(dir, { ...key, folderId: 4 }, 1_000_000);
    const stale = await openSpool(dir, { ...key, uid: 43 }, 1_000_000);
    for (const s of [reopened, other, stale]) await s.append(Buffer.alloc(10));
    const longAgo = new Date(Date.now() - STALE_SPOOL_MS - 60_000);
    fs.utimesSync(stale.path, longAgo, longAgo);
    await cleanSpool(dir, (k) => k.folderId === 4);
    expect(fs.readdirSync(dir)).toEqual([path.basename(reopened.path)]);
    await cleanSpool(path.join(dir, 'missing'), () => true);
  });
});

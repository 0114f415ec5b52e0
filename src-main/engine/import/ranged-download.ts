import type { MessageRange } from '../imap/partial-fetch.ts';
import type { ChunkSizer } from './chunk-size.ts';
import type { SpoolFile } from './spool.ts';
import { withinStallTimeout } from './stall.ts';

/** Where the ranges come from: the server (fetchRange) or, in tests, a fake. */
export type RangeSource = (start: number, length: number) => Promise<MessageRange | null>;

/** A whole reading of a message whose length was not its RFC822.SIZE, kept to compare with the next. */
export interface Reading {
  length: number;
  sha256: string;
}

export interface RangedDeps {
  sizer: ChunkSizer;
  /** a range that has not arrived whole after this long is cut off (StallError) */
  stallTimeoutMs: number;
  /** cuts the connection of a stalled range */
  onStall: () => void;
  /** before each range, with its size: pacing (commands, bytes per second) */
  beforeRange: (bytes: number) => Promise<void>;
  /** a range arrived whole: the link moved */
  onRange: (bytes: number) => void;
  /** the last odd reading of each UID (this run's): survives a reconnect between two readings */
  readings: Map<number, Reading>;
  now?: () => number;
}

export type LargeOutcome =
  /** the spool holds the whole message: its length and SHA-256 */
  | { type: 'complete'; length: number; sha256: Buffer; flags: string[] }
  | { type: 'vanished' }
  | { type: 'unstable'; reason: string };

/** Readings of one message in one call before it is given up as changing (recorded as failed). */
const MAX_READINGS = 3;

/**
 * Fetches a large message in byte ranges into its spool file, from the spool's last byte on (what an
 * earlier connection or run received is kept), and hashes the file. A message that
 * changed meanwhile is fetched again from its first byte: its RFC822.SIZE differs from the spool's, or
 * the assembled length does. A server whose RFC822.SIZE is merely inexact sends the same bytes twice,
 * and two equal readings are taken. A failed range halves the range size and is thrown (the spool keeps
 * what arrived whole).
 */
export async function fetchLargeMessage(
  uid: number,
  source: RangeSource,
  spool: SpoolFile,
  deps: RangedDeps,
): Promise<LargeOutcome> {
  for (let reading = 1; ; reading++) {
    const fetched = await fetchIntoSpool(source, spool, deps);
    if (fetched.type !== 'complete') return fetched;
    const sha256 = await spool.hash();
    const complete = { type: 'complete', length: spool.length, sha256, flags: fetched.flags } as const;
    if (spool.length === spool.size) {
      deps.readings.delete(uid);
      return complete;
    }
    // Longer or shorter than the server said: changed between ranges, or a server whose size is an
    // estimate. Only a second, equal reading tells the two apart.
    const now = { length: spool.length, sha256: sha256.toString('hex') };
    const before = deps.readings.get(uid);
    if (before?.length === now.length && before.sha256 === now.sha256) {
      deps.readings.delete(uid);
      return complete;
    }
    deps.readings.set(uid, now);
    if (reading >= MAX_READINGS) {
      return {
        type: 'unstable',
        reason: `The message changed while it was being fetched (${spool.size} bytes by RFC822.SIZE, ${spool.length} received); it will be fetched again next time.`,
      };
    }
    await spool.restart(spool.size);
  }
}

type SpoolOutcome = { type: 'complete'; flags: string[] } | Exclude<LargeOutcome, { type: 'complete' }>;

/** Ranges into the spool until the server sends less than asked (the message's end). */
async function fetchIntoSpool(
  source: RangeSource,
  spool: SpoolFile,
  deps: RangedDeps,
): Promise<SpoolOutcome> {
  const now = deps.now ?? (() => performance.now());
  let restarts = 0;
  for (;;) {
    const start = spool.length;
    const length = deps.sizer.size;
    await deps.beforeRange(length);
    const began = now();
    let answer: MessageRange | null;
    try {
      answer = await withinStallTimeout(source(start, length), deps.stallTimeoutMs, deps.onStall);
    } catch (error) {
      deps.sizer.dropped();
      throw error;
    }
    if (answer === null) return { type: 'vanished' };
    if (answer.size !== null && answer.size !== spool.size) {
      // Not the message the spool began: start over at its new size (a range from 0 is already a start).
      restarts += 1;
      if (restarts >= MAX_READINGS) {
        return {
          type: 'unstable',
          reason: `The message's size kept changing while it was being fetched (${spool.size}, then ${answer.size} bytes); it will be fetched again next time.`,
        };
      }
      await spool.restart(answer.size);
      if (start !== 0 && !answer.whole) continue;
    }
    if (answer.whole) {
      // The server ignored the range: what came is the message from its first byte.
      await spool.restart(spool.size);
      await spool.append(answer.bytes);
      deps.onRange(answer.bytes.byteLength);
      return { type: 'complete', flags: answer.flags };
    }
    await spool.append(answer.bytes);
    deps.sizer.delivered(answer.bytes.byteLength, now() - began);
    deps.onRange(answer.bytes.byteLength);
    // The end is a short answer, not RFC822.SIZE: some servers' sizes are estimates.
    if (answer.bytes.byteLength < length) return { type: 'complete', flags: answer.flags };
  }
}

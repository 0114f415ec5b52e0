import type { GmailFacts } from '../archive/labels-repo.ts';
import type { Throughput } from '../archive/runs-repo.ts';
import type { PendingList } from './pending-list.ts';

/** A message the server has and the archive lacks, as learned from FETCH (UID RFC822.SIZE INTERNALDATE). */
export interface PendingMessage {
  uid: number;
  size: number;
  /** null: the server sent none that could be right; the archive falls back (messages-repo.ts) */
  internalDate: number | null;
  /** Gmail's X-GM-MSGID, X-GM-THRID and X-GM-LABELS, on Gmail (import/gmail.ts) */
  gmail?: GmailFacts;
}

/** Bytes of the messages together, as the server reported their sizes. */
export function pendingBytes(messages: readonly PendingMessage[]): number {
  return messages.reduce((sum, m) => sum + m.size, 0);
}

/**
 * Cuts the pending messages into batches, newest first (by INTERNALDATE, then UID), one at a time so the
 * count per batch can change as the import learns how far away the server is. A batch is capped in count
 * and bytes so that memory stays flat however large the mailbox; a single message above the byte cap gets
 * a batch of its own, and so does every message of `aloneFrom` bytes or more (fetched differently).
 * Returns null when nothing is left.
 */
export function createBatchCutter(
  pending: PendingList,
  maxBytes: number,
  aloneFrom = Infinity,
): { next(maxMessages: number): PendingMessage[] | null } {
  const ordered = pending.newestFirst();
  let at = 0;
  return {
    next: (maxMessages) => {
      if (at >= ordered.length) return null;
      const batch: PendingMessage[] = [];
      let bytes = 0;
      for (; at < ordered.length && batch.length < maxMessages; at++) {
        const message = ordered.at(at);
        const alone = message.size >= aloneFrom;
        if (batch.length > 0 && (alone || bytes + message.size > maxBytes)) break;
        batch.push(message);
        bytes += message.size;
        if (alone) {
          at += 1;
          break;
        }
      }
      return batch;
    },
  };
}

/** A server this far away (time to the first message of a FETCH) gets larger batches. */
export const FAR_SERVER_MS = 30;

/**
 * Messages per FETCH for a server `roundTripMs` away (null: not measured yet). Every FETCH waits one round
 * trip before its first byte, so a distant server gets batches twice as large (docs/performance.md). The
 * byte cap per batch still holds.
 */
export function batchSizeFor(base: number, roundTripMs: number | null): number {
  return roundTripMs !== null && roundTripMs >= FAR_SERVER_MS ? base * 2 : base;
}

/** Conservative defaults until this archive has measured a run of its own. */
export const DEFAULT_THROUGHPUT: Throughput = { messagesPerSecond: 500, bytesPerSecond: 10_000_000 };

/** Seconds to download and store `count` messages of `bytes` total at the given throughput. */
export function estimateSeconds(count: number, bytes: number, rate: Throughput): number {
  if (count === 0) return 0;
  return Math.max(count / rate.messagesPerSecond, bytes / rate.bytesPerSecond);
}

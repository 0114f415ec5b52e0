/** A message the server has and the archive lacks, as learned from FETCH (UID RFC822.SIZE INTERNALDATE). */
export interface PendingMessage {
  uid: number;
  size: number;
  internalDate: number;
}

export interface BatchLimits {
  maxMessages: number;
  maxBytes: number;
}

/**
 * Splits the pending messages into batches, newest first (by INTERNALDATE, then UID). A batch is capped in
 * count and bytes so that memory stays flat however large the mailbox; a single message above the byte cap
 * gets a batch of its own.
 */
export function planBatches(pending: readonly PendingMessage[], limits: BatchLimits): PendingMessage[][] {
  const ordered = [...pending].sort((a, b) => b.internalDate - a.internalDate || b.uid - a.uid);
  const batches: PendingMessage[][] = [];
  let current: PendingMessage[] = [];
  let bytes = 0;
  for (const message of ordered) {
    const full =
      current.length >= limits.maxMessages || (current.length > 0 && bytes + message.size > limits.maxBytes);
    if (full) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += message.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export interface Throughput {
  messagesPerSecond: number;
  bytesPerSecond: number;
}

/** Conservative defaults until this archive has measured a run of its own. */
export const DEFAULT_THROUGHPUT: Throughput = { messagesPerSecond: 500, bytesPerSecond: 10_000_000 };

/** Seconds to download and store `count` messages of `bytes` total at the given throughput. */
export function estimateSeconds(count: number, bytes: number, rate: Throughput): number {
  if (count === 0) return 0;
  return Math.max(count / rate.messagesPerSecond, bytes / rate.bytesPerSecond);
}

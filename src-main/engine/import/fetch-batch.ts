import { hash } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import type { BatchFailure, BatchItem } from '../archive/messages-repo.ts';
import type { ParsePool } from '../mime/pool.ts';
import { toUidSet } from '../imap/uid-set.ts';
import { NOT_PARSED, unparsedContent } from '../mime/unparsed.ts';
import type { PendingMessage } from './batching.ts';
import { guardStalls } from './stall.ts';

export interface FetchedBatch {
  items: BatchItem[];
  failures: BatchFailure[];
  /** asked for but not returned: expunged on the server since the search */
  vanished: number[];
  bytes: number;
  /** once the batch is committed (a large message's spool file is no longer needed) */
  onWritten?: () => Promise<void>;
}

export interface FetchBatchDeps {
  pool: ParsePool;
  isKnown: (sha256: Buffer) => boolean;
  /** the parser already failed on this UID in an earlier run: store it raw instead of failing again */
  parserFailedBefore: (uid: number) => boolean;
  onMessage: (bytes: number) => void;
  /** a FETCH that sends nothing for this long is cut off (StallError) */
  stallTimeoutMs: number;
  /** cuts the connection of a stalled FETCH */
  onStall: () => void;
}

export interface DownloadedBatch {
  /** resolves when every message of the batch is parsed (or failed) */
  complete: Promise<FetchedBatch>;
  /** why the download stopped early, or null */
  error: Error | null;
  /** ms from sending the FETCH to its first message: about one round trip to the server */
  firstMessageMs: number | null;
}

/** The failure code of a message whose parser thread died (crashed or ran out of memory) under it. */
export const PARSER_DIED = 'parse-worker';

/** Bigger messages are stored raw without parsing, so no single message can exhaust a parser thread. */
export const MAX_PARSE_BYTES = 64 * 1024 * 1024;

/**
 * Downloads one batch (BODY.PEEK[], so \Seen is never set) and hashes each message as it arrives. Bytes
 * already in the archive skip the parse; new ones go to the worker pool while the socket keeps reading.
 * Resolves once the server has sent the batch, so the next download can start while `complete` (every
 * parse of this batch finished) is still pending. If the connection fails half-way, `error` holds why and
 * `complete` still holds every message that arrived whole, so they are kept and only the rest is retried.
 */
export async function downloadBatch(
  client: ImapFlow,
  batch: PendingMessage[],
  deps: FetchBatchDeps,
): Promise<DownloadedBatch> {
  const wanted = new Map(batch.map((m) => [m.uid, m]));
  const received = new Set<number>();
  const known: BatchItem[] = [];
  const parsing: Promise<BatchItem | BatchFailure>[] = [];
  let bytes = 0;
  // No INTERNALDATE: the plan's FETCH has it, and a UID's message never changes (RFC 3501 2.3.1.1).
  const query = { uid: true, source: true, flags: true };
  const messages = guardStalls(
    client.fetch(toUidSet(wanted.keys()), query, { uid: true }),
    deps.stallTimeoutMs,
    deps.onStall,
  );
  let error: Error | null = null;
  const sent = performance.now();
  let firstMessageMs: number | null = null;
  try {
    for await (const message of messages) {
      firstMessageMs ??= performance.now() - sent;
      const plan = wanted.get(message.uid);
      // Servers may interleave unsolicited FETCH responses (flag changes); only the bodies asked for count.
      if (!plan || !message.source || received.has(message.uid)) continue;
      received.add(message.uid);
      const raw = message.source;
      bytes += raw.byteLength;
      deps.onMessage(raw.byteLength);
      const item: BatchItem = {
        uid: message.uid,
        internalDate: plan.internalDate,
        flags: message.flags ? [...message.flags] : [],
        // One call, no Hash object per message: less garbage on the thread that reads the socket.
        sha256: hash('sha256', raw, 'buffer'),
        size: raw.byteLength,
        content: null,
        ...(plan.gmail ? { gmail: plan.gmail } : {}),
      };
      if (deps.isKnown(item.sha256)) {
        known.push(item);
        continue;
      }
      parsing.push(parsedEntry(raw, item, deps));
    }
  } catch (failure) {
    error = failure instanceof Error ? failure : new Error(String(failure));
  }
  // Only a FETCH that ended normally proves that what did not come is gone from the server.
  const vanished = error === null ? batch.map((m) => m.uid).filter((uid) => !received.has(uid)) : [];
  const complete = Promise.all(parsing).then((settled): FetchedBatch => {
    const items = [...known, ...settled.filter((r): r is BatchItem => 'sha256' in r)];
    const failures = settled.filter((r): r is BatchFailure => !('sha256' in r));
    return { items, failures, vanished, bytes };
  });
  return { complete, error, firstMessageMs };
}

/**
 * The stored form of a message that is not in the archive yet: parsed in the pool, or kept raw without
 * parsing when it is too big or its parser failed before. A parser thread that dies is a failure.
 */
export function parsedEntry(
  raw: Buffer,
  item: BatchItem,
  deps: Pick<FetchBatchDeps, 'pool' | 'parserFailedBefore'>,
): Promise<BatchItem | BatchFailure> {
  const skipParse = skipParseReason(raw.byteLength, deps.parserFailedBefore(item.uid));
  if (skipParse !== null) {
    return Promise.resolve({ ...item, content: unparsedContent(raw, skipParse) });
  }
  return deps.pool.parse(raw).then(
    (content): BatchItem => ({ ...item, content }),
    (error: unknown): BatchFailure => ({
      uid: item.uid,
      code: PARSER_DIED,
      message: `The parser worker failed: ${(error as Error).message}`,
    }),
  );
}

/** Why a message is stored without reading its MIME (too big, or its parser failed before), or null. */
export function skipParseReason(bytes: number, parserFailedBefore: boolean): string | null {
  if (bytes > MAX_PARSE_BYTES) {
    return `${NOT_PARSED}: ${Math.round(bytes / 1048576)} MB is above the parser's limit; stored raw`;
  }
  return parserFailedBefore
    ? `${NOT_PARSED}: the parser failed on this message in an earlier run; stored raw`
    : null;
}

import type { ImapFlow } from 'imapflow';
import type { BatchFailure, BatchItem } from '../archive/messages-repo.ts';
import { fetchRange } from '../imap/partial-fetch.ts';
import {
  PARSER_DIED,
  skipParseReason,
  type DownloadedBatch,
  type FetchBatchDeps,
  type FetchedBatch,
} from './fetch-batch.ts';
import type { PendingMessage } from './batching.ts';
import { fetchLargeMessage, type RangedDeps } from './ranged-download.ts';
import { openSpool } from './spool.ts';

/**
 * Messages from this size on are fetched in byte ranges through a spool file: over a link that drops
 * every few hundred KB a whole-message FETCH of a few MB never completes, as every attempt starts again
 * at byte 0. RFC822.SIZE from the plan decides, so the choice costs no extra command.
 */
export const LARGE_MESSAGE_BYTES = 1024 * 1024;

export interface LargeMessageDeps extends FetchBatchDeps {
  spoolDir: string;
  folderId: number;
  uidValidity: number;
  ranged: Omit<RangedDeps, 'stallTimeoutMs' | 'onStall'>;
  /** resolves when the message may be parsed: nothing else of the run is in memory (store-pipeline.ts) */
  roomForWhole: () => Promise<void>;
}

/** The failure code of a message that changed on the server while its ranges were being fetched. */
export const CHANGED_WHILE_FETCHED = 'changed-while-fetched';

/**
 * Downloads one large message in ranges into its spool (continuing what an earlier connection or run
 * received) and hashes the file. Bytes the archive lacks go to a parser thread as the file, so this
 * thread never holds the message; they are stored in parts. The spool file goes once the batch is
 * committed. If the connection fails, `error` holds why and the spool keeps every range that arrived
 * whole.
 */
export async function downloadLarge(
  client: ImapFlow,
  message: PendingMessage,
  deps: LargeMessageDeps,
): Promise<DownloadedBatch> {
  const { uid } = message;
  const batch = (parts: Partial<FetchedBatch>): FetchedBatch => ({
    items: [],
    failures: [],
    vanished: [],
    bytes: 0,
    ...parts,
  });
  try {
    const spool = await openSpool(
      deps.spoolDir,
      { folderId: deps.folderId, uidValidity: deps.uidValidity, uid },
      message.size,
    );
    const outcome = await fetchLargeMessage(
      uid,
      (start, length) => fetchRange(client, uid, start, length),
      spool,
      { ...deps.ranged, stallTimeoutMs: deps.stallTimeoutMs, onStall: deps.onStall },
    );
    if (outcome.type !== 'complete') {
      await spool.remove();
      const result =
        outcome.type === 'vanished'
          ? batch({ vanished: [uid] })
          : batch({ failures: [{ uid, code: CHANGED_WHILE_FETCHED, message: outcome.reason }] });
      return { complete: Promise.resolve(result), error: null, firstMessageMs: null };
    }
    const { length, sha256 } = outcome;
    deps.onMessage(length);
    const item: BatchItem = {
      uid,
      internalDate: message.internalDate,
      flags: outcome.flags,
      sha256,
      size: length,
      content: null,
      ...(message.gmail ? { gmail: message.gmail } : {}),
    };
    const done = (parts: Partial<FetchedBatch>): FetchedBatch =>
      batch({ bytes: length, onWritten: () => spool.remove(), ...parts });
    if (deps.isKnown(sha256)) {
      return { complete: Promise.resolve(done({ items: [item] })), error: null, firstMessageMs: null };
    }
    await deps.roomForWhole();
    const unparsed = skipParseReason(length, deps.parserFailedBefore(uid));
    const complete = deps.pool.parseFile(spool.path, unparsed).then(
      (content) => done({ items: [{ ...item, content }] }),
      (error: unknown) => {
        const failure: BatchFailure = {
          uid,
          code: PARSER_DIED,
          message: `The parser worker failed: ${(error as Error).message}`,
        };
        // The spool stays: the retry on its own (import-folder.ts) parses it again without fetching it.
        return batch({ bytes: length, failures: [failure] });
      },
    );
    return { complete, error: null, firstMessageMs: null };
  } catch (failure) {
    const error = failure instanceof Error ? failure : new Error(String(failure));
    return { complete: Promise.resolve(batch({})), error, firstMessageMs: null };
  }
}

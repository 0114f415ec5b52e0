import type Database from 'better-sqlite3';
import type { ImapFlow } from 'imapflow';
import type { DateRange, FolderInfo } from '../../../src-shared/domain.ts';
import { archivedUids, findFolderId, getCheckpoint, latestCheckpoint } from '../archive/folders-repo.ts';
import { failedUids } from '../archive/scans-repo.ts';
import { MailtroveError } from '../errors.ts';
import { toUidSet } from '../imap/uid-set.ts';
import { decideFolderScan, type ScanDecision, type ServerFolderState } from './decide.ts';
import type { PendingMessage } from './plan.ts';

export interface FolderPlan {
  folder: FolderInfo;
  server: ServerFolderState;
  decision: ScanDecision;
  /** messages on the server within the date range */
  inRange: number;
  /** of those, already in the archive under this UIDVALIDITY */
  alreadyArchived: number;
  /** of those, left for a later run by --max-messages (set when the run's plans are put in order) */
  leftOut: number;
  /** the rest: to download */
  pending: PendingMessage[];
  /** every UID in range, for the completeness record; null when the folder was skipped without a search */
  inRangeUids: number[] | null;
}

export interface PlanContext {
  /** paces commands (calls per minute) */
  beforeCommand: () => Promise<void>;
  /** `--retry-failed`: only the UIDs in the error log, whatever the date range */
  onlyFailed: boolean;
}

/** UIDs per FETCH when asking for sizes: keeps command lines short on servers with sparse UIDs. */
const METADATA_CHUNK = 5000;

/**
 * Works out what a folder needs: the scan decision, the UIDs in range (SEARCH SINCE/BEFORE on INTERNALDATE)
 * minus those archived, and their sizes and dates. Reads the archive, writes nothing. The caller holds the
 * folder selected read-only (EXAMINE).
 */
export async function planFolder(
  client: ImapFlow,
  db: Database.Database,
  accountId: number,
  folder: FolderInfo,
  range: DateRange,
  context: PlanContext,
): Promise<FolderPlan> {
  const mailbox = client.mailbox;
  if (!mailbox) throw new MailtroveError('connection', `The folder "${folder.path}" could not be opened.`);
  const server: ServerFolderState = {
    uidValidity: Number(mailbox.uidValidity),
    uidNext: mailbox.uidNext,
    messages: mailbox.exists,
  };
  const folderId = findFolderId(db, accountId, folder.path);
  const current = folderId === null ? null : getCheckpoint(db, folderId, server.uidValidity);
  const latest = folderId === null ? null : latestCheckpoint(db, folderId);
  if (context.onlyFailed) {
    const failed = folderId === null ? [] : failedUids(db, folderId, server.uidValidity);
    const decision: ScanDecision = {
      type: 'incremental',
      reason: `retrying ${failed.length} failed message(s)`,
    };
    const pending = await fetchMetadata(client, failed, context);
    return {
      folder,
      server,
      decision,
      // A failed UID the server no longer has is not there to retry.
      inRange: pending.length,
      alreadyArchived: 0,
      leftOut: 0,
      pending,
      inRangeUids: null,
    };
  }
  const decision = decideFolderScan({ current, latest, server, range });
  // The checkpoint's count is for its own range: a narrower range (the last 30 days after "everything")
  // is counted by a SEARCH, which is all a skipped folder costs.
  if (
    decision.type === 'skip' &&
    current !== null &&
    current.inRange !== null &&
    sameRange(current.range, range)
  ) {
    const inRange = current.inRange;
    return {
      folder,
      server,
      decision,
      inRange,
      alreadyArchived: inRange,
      leftOut: 0,
      pending: [],
      inRangeUids: null,
    };
  }
  await context.beforeCommand();
  const found = server.messages === 0 ? [] : await searchRange(client, folder.path, range);
  const archived = folderId === null ? new Set<number>() : archivedUids(db, folderId, server.uidValidity);
  const missing = found.filter((uid) => !archived.has(uid));
  const pending = await fetchMetadata(client, missing, context);
  // A UID expunged between the SEARCH and the FETCH of sizes is no longer in range: counting it would
  // leave a message to fetch that no run can fetch.
  const gone = new Set(missing);
  for (const m of pending) gone.delete(m.uid);
  const inRangeUids = gone.size === 0 ? found : found.filter((uid) => !gone.has(uid));
  return {
    folder,
    server,
    decision,
    inRange: inRangeUids.length,
    alreadyArchived: inRangeUids.length - pending.length,
    leftOut: 0,
    pending,
    inRangeUids,
  };
}

function sameRange(a: DateRange, b: DateRange): boolean {
  return a.since === b.since && a.before === b.before;
}

async function searchRange(client: ImapFlow, path: string, range: DateRange): Promise<number[]> {
  const query =
    range.since === null && range.before === null
      ? { all: true }
      : {
          ...(range.since !== null ? { since: new Date(`${range.since}T00:00:00Z`) } : {}),
          ...(range.before !== null ? { before: new Date(`${range.before}T00:00:00Z`) } : {}),
        };
  const uids = await client.search(query, { uid: true });
  if (!Array.isArray(uids)) {
    throw new MailtroveError('connection', `The server refused to search the folder "${path}".`);
  }
  return uids;
}

async function fetchMetadata(
  client: ImapFlow,
  uids: number[],
  context: PlanContext,
): Promise<PendingMessage[]> {
  const pending: PendingMessage[] = [];
  for (let i = 0; i < uids.length; i += METADATA_CHUNK) {
    await context.beforeCommand();
    const chunk = uids.slice(i, i + METADATA_CHUNK);
    const wanted = new Set(chunk);
    for await (const message of client.fetch(
      toUidSet(chunk),
      { uid: true, size: true, internalDate: true },
      { uid: true },
    )) {
      // Only UIDs asked for, each once (servers may add unsolicited FETCH responses).
      if (!wanted.delete(message.uid)) continue;
      pending.push({
        uid: message.uid,
        size: message.size ?? 0,
        internalDate: message.internalDate ? new Date(message.internalDate).getTime() : 0,
      });
    }
  }
  return pending;
}

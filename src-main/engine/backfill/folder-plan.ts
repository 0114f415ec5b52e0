import type Database from 'better-sqlite3';
import type { ImapFlow } from 'imapflow';
import type { DateRange, FolderInfo } from '../../../src-shared/domain.ts';
import { archivedUids, findFolderId, getCheckpoint, latestCheckpoint } from '../archive/folders-repo.ts';
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
  pending: PendingMessage[];
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
  const decision = decideFolderScan({ current, latest, server, range });
  if (decision.type === 'skip') {
    const inRange = current?.inRange ?? 0;
    return { folder, server, decision, inRange, alreadyArchived: inRange, pending: [] };
  }
  const inRangeUids = server.messages === 0 ? [] : await searchRange(client, folder.path, range);
  const archived = folderId === null ? new Set<number>() : archivedUids(db, folderId, server.uidValidity);
  const missing = inRangeUids.filter((uid) => !archived.has(uid));
  const pending = await fetchMetadata(client, missing);
  return {
    folder,
    server,
    decision,
    inRange: inRangeUids.length,
    alreadyArchived: inRangeUids.length - missing.length,
    pending,
  };
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

async function fetchMetadata(client: ImapFlow, uids: number[]): Promise<PendingMessage[]> {
  const pending: PendingMessage[] = [];
  for (let i = 0; i < uids.length; i += METADATA_CHUNK) {
    const chunk = uids.slice(i, i + METADATA_CHUNK);
    const wanted = new Set(chunk);
    for await (const message of client.fetch(
      toUidSet(chunk),
      { uid: true, size: true, internalDate: true },
      { uid: true },
    )) {
      if (!wanted.has(message.uid)) continue;
      pending.push({
        uid: message.uid,
        size: message.size ?? 0,
        internalDate: message.internalDate ? new Date(message.internalDate).getTime() : 0,
      });
    }
  }
  return pending;
}

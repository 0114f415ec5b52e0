import type Database from 'better-sqlite3';
import type { ImapFlow } from 'imapflow';
import type { DateRange, FolderInfo } from '../../../src-shared/domain.ts';
import { archivedUids, findFolderId, getCheckpoint, type Checkpoint } from '../archive/folders-repo.ts';
import { lastScannedUids, liveArchivedUids, type FlagChange } from '../archive/topup-repo.ts';
import { allUids, fetchFlags, selectedModseq } from '../imap/condstore.ts';
import { checkFolderValues, nzNumber32 } from '../imap/server-values.ts';
import { MailtroveError } from '../errors.ts';
import type { FolderPlan, PlanContext } from './folder-plan.ts';
import { fetchMetadata } from './message-metadata.ts';
import { PendingList } from './pending-list.ts';
import { countShowsRemovals, decideTopUp, type TopUpDecision } from './topup-decision.ts';

/** What the archive and the folder's STATUS say before anything is selected. */
export type StatusVerdict =
  /** unchanged: this plan needs no command at all */
  | { type: 'unchanged'; plan: FolderPlan }
  /** changed in ways a top-up can fetch: select the folder and call planTopUp */
  | { type: 'top-up'; decision: Extract<TopUpDecision, { type: 'top-up' }>; checkpoint: Checkpoint }
  /** select the folder and plan it in full (planFolder) */
  | { type: 'scan' };

/**
 * Judges a folder from its STATUS values (from the folder listing) against the archive's record of its
 * last complete scan. Reads the archive only. A `--retry-failed` run always scans.
 */
export function judgeByStatus(
  db: Database.Database,
  accountId: number,
  folder: FolderInfo,
  range: DateRange,
  onlyFailed: boolean,
): StatusVerdict {
  const folderId = findFolderId(db, accountId, folder.path);
  if (onlyFailed || folderId === null || folder.uidValidity === null) return { type: 'scan' };
  const current = getCheckpoint(db, folderId, folder.uidValidity);
  const status = {
    uidValidity: folder.uidValidity,
    uidNext: folder.uidNext,
    messages: folder.messages,
    highestModseq: folder.highestModseq == null ? null : BigInt(folder.highestModseq),
  };
  const decision = decideTopUp({ current, status, range });
  if (decision.type === 'scan' || current === null) return { type: 'scan' };
  if (decision.type === 'top-up') return { type: 'top-up', decision, checkpoint: current };
  const inRange = current.inRange ?? 0;
  return {
    type: 'unchanged',
    plan: {
      folder,
      server: {
        uidValidity: current.uidValidity,
        uidNext: current.uidNext,
        messages: current.serverMessages,
      },
      decision: { type: 'skip', reason: decision.reason },
      inRange,
      alreadyArchived: inRange,
      leftOut: 0,
      pending: PendingList.empty,
      inRangeUids: null,
      problems: [],
      highestModseq: current.highestModseq,
    },
  };
}

/**
 * Plans a top-up of the selected folder: only UIDs above the recorded UIDNEXT are searched and sized,
 * flags changed since the recorded HIGHESTMODSEQ are read (no bodies), and when the message count says
 * some archived message left the folder, UID SEARCH ALL tells which (they are kept, marked deleted on
 * server). Null when what EXAMINE says no longer fits the decision (the caller plans in full).
 */
export async function planTopUp(
  client: ImapFlow,
  db: Database.Database,
  folder: FolderInfo,
  verdict: Extract<StatusVerdict, { type: 'top-up' }>,
  range: DateRange,
  context: PlanContext,
): Promise<FolderPlan | null> {
  const { decision, checkpoint } = verdict;
  const mailbox = client.mailbox;
  if (!mailbox) throw new MailtroveError('connection', `The folder "${folder.path}" could not be opened.`);
  const checked = checkFolderValues(mailbox, { host: context.host, path: folder.path, sent: null });
  if ('problem' in checked) return null;
  const server = checked.values;
  if (server.uidValidity !== checkpoint.uidValidity || server.messages === null || server.uidNext === null) {
    return null;
  }
  const at = { folderId: checkpoint.folderId, uidValidity: server.uidValidity };
  const modseq = selectedModseq(client);
  // Gmail: label changes since its own last read (CONDSTORE), as a full scan reads them (import/gmail.ts).
  await context.gmail?.readLabelChanges(client, folder, at, context.beforeCommand);

  let found: number[] = [];
  if (decision.newFrom !== null && server.messages > 0) {
    await context.beforeCommand();
    found = await searchFrom(client, decision.newFrom, range);
  }
  const archived = archivedUids(db, at.folderId, at.uidValidity);
  const missing = found.filter((uid) => !archived.has(uid));
  const pending = await fetchMetadata(client, missing, context);
  // Expunged between the SEARCH and the FETCH of sizes: no longer there to fetch (as folder-plan.ts).
  const gone = new Set(missing);
  for (let i = 0; i < pending.length; i++) gone.delete(pending.uidAt(i));
  const arrived = gone.size === 0 ? found : found.filter((uid) => !gone.has(uid));

  // Changed since the mod-sequence recorded at the last scan, or (none recorded) every flag once.
  // (Gmail labels were read above, with its own record of how far it read them.)
  const readFlags = decision.flags !== null && modseq !== null;
  const flags = readFlags && decision.flags !== null ? await flagsAfter(client, decision.flags, context) : [];

  // A SEARCH over a date range does not count every arrival: then only a UID list can tell.
  const everything = range.since === null && range.before === null;
  const removed =
    checkpoint.serverMessages === null ||
    (everything
      ? countShowsRemovals(checkpoint.serverMessages, arrived.length, server.messages)
      : arrived.length > 0 || server.messages < checkpoint.serverMessages);
  let onServer: Set<number> | null = null;
  if (removed) {
    await context.beforeCommand();
    onServer = await allUids(client);
  }
  const deleted =
    onServer === null
      ? []
      : liveArchivedUids(db, at.folderId, at.uidValidity).filter((u) => !onServer.has(u));

  const before =
    lastScannedUids(db, at.folderId, at.uidValidity) ?? liveArchivedUids(db, at.folderId, at.uidValidity);
  const stillThere = onServer === null ? before : before.filter((uid) => onServer.has(uid));
  const inRangeUids = [...new Set([...stillThere, ...arrived])];
  const plan: FolderPlan = {
    folder,
    server,
    decision: { type: 'incremental', reason: `top-up: ${decision.reason}` },
    inRange: inRangeUids.length,
    alreadyArchived: inRangeUids.length - pending.length,
    leftOut: 0,
    pending,
    inRangeUids,
    problems: [],
    // Advanced only when the changes up to it were read now; else the next top-up asks from the old one.
    highestModseq: readFlags ? modseq : checkpoint.highestModseq,
    topUp: { flags, deleted },
  };
  // On Gmail, new mail already stored from another label folder is linked, not downloaded again.
  return context.gmail ? context.gmail.apply(plan) : plan;
}

async function flagsAfter(
  client: ImapFlow,
  refresh: { since: bigint } | 'all',
  context: PlanContext,
): Promise<FlagChange[]> {
  await context.beforeCommand();
  return fetchFlags(client, refresh);
}

/** UIDs from `first` up within the range: `UID SEARCH UID first:* [SINCE …] [BEFORE …]`. */
async function searchFrom(client: ImapFlow, first: number, range: DateRange): Promise<number[]> {
  const query = {
    uid: `${first}:*`,
    ...(range.since !== null ? { since: new Date(`${range.since}T00:00:00Z`) } : {}),
    ...(range.before !== null ? { before: new Date(`${range.before}T00:00:00Z`) } : {}),
  };
  const uids = await client.search(query, { uid: true });
  if (!Array.isArray(uids)) {
    throw new MailtroveError(
      'connection',
      `The server refused to search the folder "${client.mailbox ? client.mailbox.path : ''}".`,
    );
  }
  // `first:*` always takes in the highest UID, even one below `first` (RFC 3501 6.4.8).
  return uids.filter((uid) => nzNumber32(uid) !== null && uid >= first);
}

import type Database from 'better-sqlite3';
import type { ImapFlow } from 'imapflow';
import type { DateRange, FolderInfo } from '../../../src-shared/domain.ts';
import { archivedUids, findFolderId, getCheckpoint, latestCheckpoint } from '../archive/folders-repo.ts';
import { failedUids } from '../archive/scans-repo.ts';
import { MailtroveError } from '../errors.ts';
import { badUidProblem, checkFolderValues, nzNumber32, type FolderProblem } from '../imap/server-values.ts';
import { askRawUidValidity, takeDroppedSearchEntries } from '../imap/raw-values.ts';
import { selectedModseq, type FlagChange } from '../imap/condstore.ts';
import { decideFolderScan, type ScanDecision, type ServerFolderState } from './scan-decision.ts';
import { fetchMetadata } from './message-metadata.ts';
import { PendingList } from './pending-list.ts';
import { judgeByStatus, planTopUp } from './topup-plan.ts';
import type { RunContext } from './run-context.ts';
import type { GmailPlanner } from './gmail.ts';

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
  pending: PendingList;
  /** every UID in range, for the completeness record; null when the folder was skipped without a search */
  inRangeUids: number[] | null;
  /**
   * values the server cannot have sent in good faith, each recorded in the error log; one that leaves out
   * the whole folder (leftOut null) means nothing of it is imported or written
   */
  problems: FolderProblem[];
  /**
   * Gmail: the plan leaves out messages of the folder (labels not chosen) or only links them to a copy
   * stored another way, so a complete download must not mark the folder done (import/gmail.ts)
   */
  partial?: boolean;
  /** HIGHESTMODSEQ at selection (CONDSTORE), recorded with the complete scan; null without */
  highestModseq: bigint | null;
  /** a top-up's news of archived messages, written with the scan record (import/topup-plan.ts) */
  topUp?: { flags: FlagChange[]; deleted: number[] };
}

export interface PlanContext {
  /** paces commands (calls per minute) */
  beforeCommand: () => Promise<void>;
  /** `--retry-failed`: only the UIDs in the error log, whatever the date range */
  onlyFailed: boolean;
  /** the server's host name, for errors that quote what it sent */
  host: string;
  /** on Gmail: the run's bookkeeping of X-GM-MSGIDs and labels */
  gmail?: GmailPlanner;
}

/**
 * Plans one folder, over a new connection if one drops: a folder its STATUS shows unchanged is not
 * selected at all; a changed one is topped up (topup-plan.ts), else scanned (EXAMINE, SEARCH, FETCH sizes).
 * `fromStatus` false: the listing's STATUS values are stale (the folder was renumbered since): a scan.
 */
export function scanFolder(
  context: RunContext,
  folder: FolderInfo,
  { fromStatus = true }: { fromStatus?: boolean } = {},
): Promise<FolderPlan> {
  const { db, account, options } = context.request;
  const { signal } = context.hooks;
  const onlyFailed = context.request.onlyFailed === true;
  const verdict = fromStatus
    ? judgeByStatus(db, account.id, folder, options.range, onlyFailed)
    : ({ type: 'scan' } as const);
  if (verdict.type === 'unchanged') return Promise.resolve(verdict.plan);
  return context.resilience.run(`scanning "${folder.path}"`, async (client) => {
    await context.throttle.command(signal);
    const lock = await client.getMailboxLock(folder.path, { readOnly: true });
    const planContext: PlanContext = {
      beforeCommand: () => context.throttle.command(signal),
      onlyFailed,
      host: account.host,
      ...(context.gmail ? { gmail: context.gmail } : {}),
    };
    try {
      const topUp =
        verdict.type === 'top-up'
          ? await planTopUp(client, db, folder, verdict, options.range, planContext)
          : null;
      return topUp ?? (await planFolder(client, db, account.id, folder, options.range, planContext));
    } finally {
      lock.release();
    }
  });
}

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
  const where = { host: context.host, path: folder.path };
  let checked = checkFolderValues(mailbox, { ...where, sent: null });
  if ('problem' in checked) {
    // imapflow leaves out a value it cannot parse: asked again, it can be quoted in the error.
    checked = checkFolderValues(mailbox, { ...where, sent: await askRawUidValidity(client, folder.path) });
  }
  if ('problem' in checked) return skippedPlan(folder, checked.problem);
  const server: ServerFolderState = checked.values;
  const modseqAtSelect = selectedModseq(client);
  const folderId = findFolderId(db, accountId, folder.path);
  const current = folderId === null ? null : getCheckpoint(db, folderId, server.uidValidity);
  const latest = folderId === null ? null : latestCheckpoint(db, folderId);
  // Gmail: labels changed since the last run come without a download, even when nothing else changed.
  await context.gmail?.readLabelChanges(
    client,
    folder,
    { folderId, uidValidity: server.uidValidity },
    context.beforeCommand,
  );
  if (context.onlyFailed) {
    const failed = folderId === null ? [] : failedUids(db, folderId, server.uidValidity);
    const decision: ScanDecision = {
      type: 'incremental',
      reason: `retrying ${failed.length} failed message(s)`,
    };
    const pending = await fetchMetadata(client, failed, context);
    return withGmail(context, {
      folder,
      server,
      decision,
      // A failed UID the server no longer has is not there to retry.
      inRange: pending.length,
      alreadyArchived: 0,
      leftOut: 0,
      pending,
      inRangeUids: null,
      problems: [],
      highestModseq: null,
    });
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
      pending: PendingList.empty,
      inRangeUids: null,
      problems: [],
      highestModseq: current.highestModseq,
    };
  }
  await context.beforeCommand();
  takeDroppedSearchEntries(client);
  const searched = server.messages === 0 ? [] : await searchRange(client, folder.path, range);
  // A UID outside 1..2^32-1 names no message a FETCH could ask for; asked for, it would fail the batch.
  // imapflow drops such UIDs itself (and only logs it); any that get through are dropped here.
  const found = searched.filter((uid) => nzNumber32(uid) !== null);
  const bad = searched.filter((uid) => nzNumber32(uid) === null);
  const dropped = takeDroppedSearchEntries(client);
  const badUids = bad.length > 0 || dropped ? badUidProblem(where, bad, dropped) : null;
  const archived = folderId === null ? new Set<number>() : archivedUids(db, folderId, server.uidValidity);
  const missing = found.filter((uid) => !archived.has(uid));
  const pending = await fetchMetadata(client, missing, context);
  // A UID expunged between the SEARCH and the FETCH of sizes is no longer in range: counting it would
  // leave a message to fetch that no run can fetch.
  const gone = new Set(missing);
  for (let i = 0; i < pending.length; i++) gone.delete(pending.uidAt(i));
  const inRangeUids = gone.size === 0 ? found : found.filter((uid) => !gone.has(uid));
  return withGmail(context, {
    folder,
    server,
    decision,
    inRange: inRangeUids.length,
    alreadyArchived: inRangeUids.length - pending.length,
    leftOut: 0,
    pending,
    inRangeUids,
    problems: badUids === null ? [] : [badUids],
    // Flags are current only where every message in range is downloaded now; else a later top-up reads
    // the changes since the mod-sequence recorded before (or every flag, when there is none).
    highestModseq: pending.length === inRangeUids.length ? modseqAtSelect : (current?.highestModseq ?? null),
  });
}

function withGmail(context: PlanContext, plan: FolderPlan): FolderPlan {
  return context.gmail ? context.gmail.apply(plan) : plan;
}

/** A folder left out for a bad value from the server: nothing to fetch, and nothing of it is written. */
function skippedPlan(folder: FolderInfo, problem: FolderProblem): FolderPlan {
  return {
    folder,
    // Never stored or compared: an import leaves a plan with a problem before touching the archive.
    server: { uidValidity: 0, uidNext: null, messages: null },
    decision: { type: 'skip', reason: `left out (${problem.code}): see the error` },
    inRange: 0,
    alreadyArchived: 0,
    leftOut: 0,
    pending: PendingList.empty,
    inRangeUids: null,
    problems: [problem],
    highestModseq: null,
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

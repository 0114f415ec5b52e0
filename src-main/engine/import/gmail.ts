/**
 * Gmail over IMAP (X-GM-EXT-1): a message with several labels is in several folders, and `\All` holds every
 * message once (but Spam and Trash). So the import downloads `\All` instead of the label folders, keeps
 * each message's X-GM-LABELS as labels, and never downloads a message whose X-GM-MSGID it already has, in
 * any folder. Where the user hid `\All` from IMAP, the label folders are read one by one and each
 * X-GM-MSGID is still downloaded once: later copies only add the folder to the stored message.
 */
import type Database from 'better-sqlite3';
import type { ImapFlow } from 'imapflow';
import type { FolderInfo, ImportLimits } from '../../../src-shared/domain.ts';
import { createGmailLookup, createShaOfMessage, type GmailFacts } from '../archive/labels-repo.ts';
import type { BatchItem } from '../archive/messages-repo.ts';
import type { ArchiveWriter } from '../archive/writer-thread.ts';
import type { PendingMessage } from './batching.ts';
import type { FolderPlan } from './folder-plan.ts';
import { createLabelSync } from './gmail-label-sync.ts';
import { PendingList } from './pending-list.ts';

/** Gmail's IMAP allowance is about 2,500 MB a day; the default stays below it, the user may change it. */
export const GMAIL_DAILY_BUDGET_BYTES = 2000 * 1024 * 1024;

/** The server speaks Gmail's extension (X-GM-MSGID, X-GM-THRID, X-GM-LABELS). */
export function speaksGmail(client: ImapFlow): boolean {
  return client.capabilities.has('X-GM-EXT-1');
}

/** Gmail's limits: the user's, with a rolling 2,000 MB budget where they set none. */
export function gmailLimits(limits: ImportLimits): ImportLimits {
  return { ...limits, dailyBudgetBytes: limits.dailyBudgetBytes ?? GMAIL_DAILY_BUDGET_BYTES };
}

/** The label a folder stands for, as X-GM-LABELS names it; null for `\All`, Spam and Trash. */
export function labelOfFolder(folder: FolderInfo): string | null {
  switch (folder.specialUse) {
    case '\\Inbox':
      return '\\Inbox';
    case '\\Sent':
      return '\\Sent';
    case '\\Drafts':
      return '\\Draft';
    case '\\Flagged':
      return '\\Starred';
    case '\\Important':
      return '\\Important';
    case '\\All':
    case '\\Junk':
    case '\\Trash':
      return null;
    default:
      return folder.path;
  }
}

/** What a Gmail import reads. */
export interface GmailFolders {
  /** `\All` once (when any label was chosen) and Spam or Trash when chosen; else the chosen folders */
  folders: FolderInfo[];
  /** the `\All` folder's path, found by its flag; null when the user hid it from IMAP */
  allPath: string | null;
  /** only `\All`'s messages with one of these labels; null: all of them */
  labels: string[] | null;
}

/**
 * Turns the chosen folders into what a Gmail import downloads. Choosing `\All` itself, or the default
 * choice (which includes it), means every message; choosing label folders means the messages carrying
 * those labels. Spam and Trash are downloaded as folders of their own, only when chosen.
 */
export function gmailFolders(listed: FolderInfo[], chosen: FolderInfo[]): GmailFolders {
  const all = listed.find((f) => f.specialUse === '\\All' && f.selectable);
  if (!all) return { folders: chosen, allPath: null, labels: null };
  const bins = chosen.filter((f) => f.specialUse === '\\Junk' || f.specialUse === '\\Trash');
  const labelFolders = chosen.filter((f) => !bins.includes(f) && f !== all);
  const everything = chosen.includes(all);
  const labels = everything ? null : labelFolders.flatMap((f) => labelOfFolder(f) ?? []);
  const wantsAll = everything || labelFolders.length > 0;
  return { folders: [...(wantsAll ? [all] : []), ...bins], allPath: all.path, labels };
}

/** A message an earlier copy of which is stored or being downloaded: only its folder and labels are added. */
interface Link {
  folderPath: string;
  uidValidity: number;
  message: PendingMessage;
  gmail: GmailFacts;
}

/** The run's Gmail bookkeeping: which X-GM-MSGID a folder downloads, and the copies to link afterwards. */
export interface GmailPlanner {
  /** the FETCH items planning asks for besides size and date */
  readonly fetchItems: { labels: true; threadId: true };
  /** reads the selected folder's label changes since the last run (CONDSTORE), for `writeLinks` */
  readLabelChanges(
    client: ImapFlow,
    folder: FolderInfo,
    at: { folderId: number | null; uidValidity: number },
    beforeCommand: () => Promise<void>,
  ): Promise<void>;
  /** sorts a folder's plan: filters `\All` by label, moves known and duplicate messages to links */
  apply(plan: FolderPlan): FolderPlan;
  /**
   * Writes the links (memberships and labels of messages stored once) and the label changes, then
   * records how far each folder's changes are read; returns how many messages it touched.
   */
  writeLinks(writer: ArchiveWriter, folderIds: Map<string, number>, runId: number): Promise<number>;
}

/** A planner for one run over an account. */
export function createGmailPlanner(
  db: Database.Database,
  accountId: number,
  selection: Pick<GmailFolders, 'allPath' | 'labels'>,
): GmailPlanner {
  const known = createGmailLookup(db, accountId);
  const shaOf = createShaOfMessage(db);
  // X-GM-MSGID → the folder whose download brings it in this run.
  const claimed = new Map<string, string>();
  const links: Link[] = [];
  const wanted = selection.labels === null ? null : new Set(selection.labels);
  const labelSync = createLabelSync(db);

  return {
    fetchItems: { labels: true, threadId: true },
    readLabelChanges(client, folder, at, beforeCommand) {
      return labelSync.read(client, folder, { ...at, ownLabel: labelOfFolder(folder) }, beforeCommand);
    },
    apply(plan) {
      const path = plan.folder.path;
      const isAll = path === selection.allPath;
      const own = labelOfFolder(plan.folder);
      const keep: PendingMessage[] = [];
      const dropped = new Set<number>();
      for (const message of plan.pending) {
        const gmail = message.gmail;
        if (!gmail) {
          keep.push(message);
          continue;
        }
        if (isAll && wanted !== null && !gmail.labels.some((l) => wanted.has(l))) {
          dropped.add(message.uid);
          continue;
        }
        // Gmail leaves out the label of the folder a message is read in.
        const facts =
          own === null || gmail.labels.includes(own) ? gmail : { ...gmail, labels: [...gmail.labels, own] };
        const owner = claimed.get(facts.gmMsgId);
        if (known(facts.gmMsgId) !== undefined || (owner !== undefined && owner !== path)) {
          links.push({ folderPath: path, uidValidity: plan.server.uidValidity, message, gmail: facts });
          plan.alreadyArchived += 1;
          plan.partial = true;
          continue;
        }
        claimed.set(facts.gmMsgId, path);
        keep.push({ ...message, gmail: facts });
      }
      plan.pending = PendingList.of(keep);
      if (dropped.size > 0) {
        // Not chosen: out of this run's range, and the folder's checkpoint must not claim them done.
        plan.inRange -= dropped.size;
        plan.inRangeUids = plan.inRangeUids?.filter((uid) => !dropped.has(uid)) ?? null;
        plan.partial = true;
      }
      return plan;
    },
    async writeLinks(writer, folderIds, runId) {
      const byFolder = new Map<string, { uidValidity: number; items: BatchItem[] }>();
      for (const link of links) {
        const messageId = known(link.gmail.gmMsgId);
        // Its download failed: the folder's checkpoint is open, so the next run finds it again.
        if (messageId === undefined) continue;
        const key = `${link.folderPath}\u0000${link.uidValidity}`;
        const group = byFolder.get(key) ?? { uidValidity: link.uidValidity, items: [] };
        byFolder.set(key, group);
        group.items.push({
          uid: link.message.uid,
          internalDate: link.message.internalDate,
          flags: [],
          sha256: shaOf(messageId) as Buffer,
          size: link.message.size,
          content: null,
          gmail: link.gmail,
        });
      }
      // Every folder read with CONDSTORE gets a batch, empty or not: it records how far its labels are read.
      const read = labelSync.take();
      const changed = new Map<string, { uidValidity: number; items: BatchItem[]; modseq?: string }>();
      for (const { folderPath, uidValidity, modseq } of read.folders) {
        changed.set(`${folderPath}\u0000${uidValidity}`, { uidValidity, items: [], modseq });
      }
      for (const change of read.changes) {
        const key = `${change.folderPath}\u0000${change.uidValidity}`;
        const group = changed.get(key) ?? { uidValidity: change.uidValidity, items: [] };
        changed.set(key, group);
        // Already a member: the write keeps the membership and replaces the message's labels.
        group.items.push({
          uid: change.uid,
          internalDate: null,
          flags: [],
          sha256: shaOf(change.messageId) as Buffer,
          size: 0,
          content: null,
          gmail: change.gmail,
        });
      }
      let linked = 0;
      for (const [groups, labelsOnly] of [
        [byFolder, false],
        [changed, true],
      ] as const) {
        for (const [key, group] of groups) {
          const folderId = folderIds.get(key.split('\u0000')[0] ?? '');
          if (folderId === undefined) continue;
          const result = await writer.write({
            runId,
            folderId,
            uidValidity: group.uidValidity,
            items: group.items,
            failures: [],
            labelsOnly,
            ...('modseq' in group && group.modseq !== undefined ? { gmailModseq: group.modseq } : {}),
          });
          linked += result.sameContent;
        }
      }
      links.length = 0;
      return linked;
    },
  };
}

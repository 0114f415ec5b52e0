/**
 * Label changes on Gmail without downloading anything again: CONDSTORE (RFC 7162) numbers every change
 * of a folder, X-GM-LABELS included, so a later run asks `UID FETCH 1:* (X-GM-LABELS) (CHANGEDSINCE n)`
 * for the messages whose labels moved since the last run read the folder, and replaces their labels.
 */
import type Database from 'better-sqlite3';
import type { ImapFlow } from 'imapflow';
import type { FolderInfo } from '../../../src-shared/domain.ts';
import { createMemberLookup, syncedModseq, type GmailFacts } from '../archive/labels-repo.ts';

/** A stored message whose labels changed on the server. */
export interface LabelChange {
  folderPath: string;
  uidValidity: number;
  uid: number;
  messageId: number;
  gmail: GmailFacts;
}

export interface LabelSync {
  /**
   * Reads the label changes of the selected folder since the last run (none on a folder's first run),
   * and remembers its HIGHESTMODSEQ for `finish`. `ownLabel` is added back: Gmail leaves it out.
   */
  read(
    client: ImapFlow,
    folder: FolderInfo,
    at: { folderId: number | null; uidValidity: number; ownLabel: string | null },
    beforeCommand: () => Promise<void>,
  ): Promise<void>;
  /**
   * The changes read so far and each folder's HIGHESTMODSEQ as read, taken (each is handed out once): the
   * writer records the modseq in the transaction that writes the folder's changes.
   */
  take(): {
    changes: LabelChange[];
    folders: { folderPath: string; uidValidity: number; modseq: string }[];
  };
}

export function createLabelSync(db: Database.Database): LabelSync {
  const archivedAt = createMemberLookup(db);
  let changes: LabelChange[] = [];
  const seen = new Map<string, { uidValidity: number; modseq: bigint }>();
  return {
    async read(client, folder, at, beforeCommand) {
      const mailbox = client.mailbox;
      const highest = mailbox && !mailbox.noModseq ? mailbox.highestModseq : undefined;
      if (highest === undefined || !client.enabled.has('CONDSTORE')) return;
      seen.set(folder.path, { uidValidity: at.uidValidity, modseq: highest });
      const since = at.folderId === null ? null : syncedModseq(db, at.folderId, at.uidValidity);
      // First run over the folder: the plan's FETCH brings every label; nothing changed yet.
      if (since === null || at.folderId === null || highest <= since) return;
      await beforeCommand();
      const query = { uid: true, labels: true, threadId: true };
      for await (const message of client.fetch('1:*', query, { uid: true, changedSince: since })) {
        const messageId = archivedAt(at.folderId, at.uidValidity, message.uid);
        if (messageId === undefined || !message.emailId) continue;
        const labels = [...(message.labels ?? [])];
        if (at.ownLabel !== null && !labels.includes(at.ownLabel)) labels.push(at.ownLabel);
        changes.push({
          folderPath: folder.path,
          uidValidity: at.uidValidity,
          uid: message.uid,
          messageId,
          gmail: { gmMsgId: message.emailId, gmThrId: message.threadId ?? null, labels },
        });
      }
    },
    take() {
      const taken = {
        changes,
        folders: [...seen].map(([folderPath, { uidValidity, modseq }]) => ({
          folderPath,
          uidValidity,
          modseq: modseq.toString(),
        })),
      };
      changes = [];
      seen.clear();
      return taken;
    },
  };
}

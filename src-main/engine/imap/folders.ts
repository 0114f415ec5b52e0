import type { ImapFlow, ListResponse } from 'imapflow';
import type { FolderInfo, SpecialUse } from '../../../src-shared/domain.ts';
import { number32, nzNumber32 } from './server-values.ts';

const KNOWN_SPECIAL_USE = new Set<string>([
  '\\Inbox',
  '\\Sent',
  '\\Drafts',
  '\\Archive',
  '\\Junk',
  '\\Trash',
  '\\All',
  '\\Flagged',
  '\\Important',
]);
/** Never ticked by default: nobody archives spam, and Trash is what the user threw away. */
const UNSELECTED_BY_DEFAULT = new Set<string>(['\\Junk', '\\Trash']);

/**
 * Lists every folder with its special use, counts and (optionally) size. Uses LIST-STATUS where the server
 * has it (imapflow falls back to one STATUS per folder) and STATUS=SIZE, else sums RFC822.SIZE.
 */
export async function listFolders(client: ImapFlow, options: { withSizes: boolean }): Promise<FolderInfo[]> {
  const sizeInStatus = client.capabilities.has('STATUS=SIZE') || client.capabilities.has('IMAP4rev2');
  const entries = await client.list({
    statusQuery: {
      messages: true,
      uidNext: true,
      uidValidity: true,
      // Asked only where CONDSTORE is offered (imapflow leaves it out otherwise): lets a top-up see
      // flag changes without selecting the folder.
      highestModseq: true,
      size: options.withSizes && sizeInStatus,
    },
  });
  const folders = entries.map(toFolderInfo).sort(byInboxThenPath);
  markGmailLabels(client, folders);
  if (options.withSizes && !sizeInStatus) {
    for (const folder of folders) {
      if (folder.selectable && folder.messages !== null && folder.messages > 0) {
        folder.bytes = await sumSizes(client, folder.path);
      } else if (folder.selectable) {
        folder.bytes = 0;
      }
    }
  }
  return folders;
}

function toFolderInfo(entry: ListResponse): FolderInfo {
  const selectable = !entry.flags.has('\\Noselect') && !entry.flags.has('\\NonExistent');
  const specialUse = normalizeSpecialUse(entry);
  const status = entry.status;
  return {
    path: entry.path,
    name: entry.name,
    delimiter: entry.delimiter,
    parentPath: entry.parentPath,
    specialUse,
    selectable,
    messages: number32(status?.messages),
    bytes: status?.size ?? null,
    // A top-up trusts these only to leave an unchanged folder unselected (import/topup-decision.ts);
    // everything else is checked against the values EXAMINE gives (import/folder-plan.ts).
    uidValidity: nzNumber32(status?.uidValidity),
    uidNext: nzNumber32(status?.uidNext),
    highestModseq: modseqOf(status?.highestModseq),
    defaultSelected: selectable && !(specialUse !== null && UNSELECTED_BY_DEFAULT.has(specialUse)),
  };
}

/** On Gmail, every label folder's mail is imported through `\All` (import/gmail.ts). */
function markGmailLabels(client: ImapFlow, folders: FolderInfo[]): void {
  const all = folders.find((f) => f.specialUse === '\\All' && f.selectable);
  if (!client.capabilities.has('X-GM-EXT-1') || !all) return;
  for (const folder of folders) {
    const own = folder === all || folder.specialUse === '\\Junk' || folder.specialUse === '\\Trash';
    if (folder.selectable && !own) folder.archivedVia = all.path;
  }
}

/** A mod-sequence is a positive 63-bit number (RFC 7162); anything else is as good as none. */
function modseqOf(value: bigint | undefined): string | null {
  return value !== undefined && value > 0n && value < 2n ** 63n ? value.toString() : null;
}

function normalizeSpecialUse(entry: ListResponse): SpecialUse | null {
  if (entry.path.toUpperCase() === 'INBOX') return '\\Inbox';
  const use = entry.specialUse;
  if (use && KNOWN_SPECIAL_USE.has(use)) return use as SpecialUse;
  // imapflow knows only RFC 6154's flags; Gmail's \Important (RFC 8457) is read from the LIST flags here.
  return entry.flags.has('\\Important') ? '\\Important' : null;
}

function byInboxThenPath(a: FolderInfo, b: FolderInfo): number {
  if (a.specialUse === '\\Inbox') return -1;
  if (b.specialUse === '\\Inbox') return 1;
  return a.path.localeCompare(b.path);
}

async function sumSizes(client: ImapFlow, path: string): Promise<number> {
  const lock = await client.getMailboxLock(path, { readOnly: true });
  try {
    let total = 0;
    for await (const message of client.fetch('1:*', { size: true })) total += message.size ?? 0;
    return total;
  } finally {
    lock.release();
  }
}

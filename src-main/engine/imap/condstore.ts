import type { ImapFlow } from 'imapflow';
import { nzNumber32 } from './server-values.ts';

/** A message's flags as the server has them now (read because they changed: CONDSTORE CHANGEDSINCE). */
export interface FlagChange {
  uid: number;
  flags: string[];
}

/**
 * The selected folder's HIGHESTMODSEQ, where CONDSTORE is on for it (imapflow enables it at login where
 * offered; a folder may still say NOMODSEQ). Read at selection, before any FETCH, so a change made while
 * the run reads the folder is seen again by the next run rather than missed.
 */
export function selectedModseq(client: ImapFlow): bigint | null {
  const mailbox = client.mailbox;
  if (!mailbox || mailbox.noModseq === true || !client.enabled.has('CONDSTORE')) return null;
  return mailbox.highestModseq ?? null;
}

/**
 * The flags of the selected folder's messages: those changed since a mod-sequence (`UID FETCH 1:*
 * (UID FLAGS) (CHANGEDSINCE n)`), or all of them. Downloads no body.
 */
export async function fetchFlags(
  client: ImapFlow,
  refresh: { since: bigint } | 'all',
): Promise<FlagChange[]> {
  if ((client.mailbox ? client.mailbox.exists : 0) === 0) return [];
  const changes: FlagChange[] = [];
  const since = refresh === 'all' ? {} : { changedSince: refresh.since };
  for await (const message of client.fetch('1:*', { uid: true, flags: true }, { uid: true, ...since })) {
    const uid = nzNumber32(message.uid);
    if (uid !== null) changes.push({ uid, flags: message.flags ? [...message.flags] : [] });
  }
  return changes;
}

/** Every UID in the selected folder (UID SEARCH ALL), to tell which archived messages left it. */
export async function allUids(client: ImapFlow): Promise<Set<number> | null> {
  if ((client.mailbox ? client.mailbox.exists : 0) === 0) return new Set();
  const uids = await client.search({ all: true }, { uid: true });
  return Array.isArray(uids) ? new Set(uids) : null;
}

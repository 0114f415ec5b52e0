import type { ImapFlow } from 'imapflow';
import { internalDateMs, number32 } from '../imap/server-values.ts';
import { toUidSet } from '../imap/uid-set.ts';
import { PendingList } from './pending-list.ts';
import type { PlanContext } from './folder-plan.ts';

/** UIDs per FETCH when asking for sizes: keeps command lines short on servers with sparse UIDs. */
const METADATA_CHUNK = 5000;

/**
 * Size and INTERNALDATE (on Gmail also X-GM-MSGID, thread and labels) of each UID still on the server,
 * FETCHed in chunks, for planning downloads.
 */
export async function fetchMetadata(
  client: ImapFlow,
  uids: number[],
  context: Pick<PlanContext, 'beforeCommand' | 'gmail'>,
): Promise<PendingList> {
  const pending = PendingList.builder();
  for (let i = 0; i < uids.length; i += METADATA_CHUNK) {
    await context.beforeCommand();
    const chunk = uids.slice(i, i + METADATA_CHUNK);
    const wanted = new Set(chunk);
    for await (const message of client.fetch(
      toUidSet(chunk),
      { uid: true, size: true, internalDate: true, ...context.gmail?.fetchItems },
      { uid: true },
    )) {
      // Only UIDs asked for, each once (servers may add unsolicited FETCH responses).
      if (!wanted.delete(message.uid)) continue;
      pending.push({
        uid: message.uid,
        // Only for planning (batches, throttle); the archive stores the size of the bytes received.
        size: number32(message.size) ?? 0,
        internalDate: internalDateMs(message.internalDate),
        // imapflow asks X-GM-MSGID of every FETCH on Gmail (as emailId), labels decoded to UTF-8.
        ...(context.gmail && message.emailId
          ? {
              gmail: {
                gmMsgId: message.emailId,
                gmThrId: message.threadId ?? null,
                labels: [...(message.labels ?? [])],
              },
            }
          : {}),
      });
    }
  }
  return pending.done();
}

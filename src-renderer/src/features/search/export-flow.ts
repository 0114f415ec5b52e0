/** "Export…" in the app: ask main for a place (the native save dialog), then export there. */
import type { MailtroveApi, Replies, ReplyError } from '../../../../src-shared/ipc/contract.ts';
import { settle } from '../../ui/reply.ts';

export type ExportOutcome =
  | { kind: 'cancelled' }
  | { kind: 'done'; value: Replies['export:run'] }
  | { kind: 'failed'; error: ReplyError };

/** Nothing is written when the user cancels the dialog. */
export async function exportWithDialog(
  api: MailtroveApi,
  query: string,
  format: 'mbox' | 'eml',
): Promise<ExportOutcome> {
  const chosen = await settle(api.invoke('export:choose', { format }));
  if (!chosen.ok) return { kind: 'failed', error: chosen.error };
  const out = chosen.value.path;
  if (out === null) return { kind: 'cancelled' };
  // The native dialog asked before replacing an existing file: choosing one is the user's confirmation.
  const reply = await settle(api.invoke('export:run', { source: { query }, format, out, overwrite: true }));
  return reply.ok ? { kind: 'done', value: reply.value } : { kind: 'failed', error: reply.error };
}

/**
 * Browser sign-in from the window: the engine starts its loopback listener and answers with the
 * provider's address; the page opens it in a new tab (the system browser, never an embedded view), and
 * the engine receives the redirect. The tab is opened at the click, so no popup blocker stops it.
 */
import type { MailtroveApi, Replies, Reply, RequestOf } from '../../../../src-shared/ipc/contract.ts';
import { settle } from '../../ui/reply.ts';

export async function browserSignIn(
  api: MailtroveApi,
  request: RequestOf<'oauth:begin'>,
  onAddress: (url: string) => void,
): Promise<Reply<Replies['oauth:finish']>> {
  const tab = window.open('about:blank', '_blank');
  const begun = await settle(api.invoke('oauth:begin', request));
  if (!begun.ok) {
    tab?.close();
    return begun;
  }
  onAddress(begun.value.url);
  if (tab === null) window.open(begun.value.url, '_blank');
  else tab.location.href = begun.value.url;
  return settle(api.invoke('oauth:finish', { signInId: begun.value.signInId }));
}

import { randomUUID } from 'node:crypto';
import type { AccountView, Replies } from '../../src-shared/ipc/contract.ts';
import { MailtroveError, type SignInHow } from '../engine/api/index.ts';
import type { HandlerContext, HandlerTable } from './types.ts';

type OAuthChannels = 'oauth:clients' | 'oauth:begin' | 'oauth:finish';

/** How long a started sign-in waits for the browser before its loopback listener closes. */
const SIGN_IN_TIMEOUT_MS = 10 * 60_000;

/**
 * Browser sign-in in two steps, so the window can open the provider's page itself (a new tab in the web
 * build): `begin` answers with the address once the loopback listener is up, `finish` waits for the end.
 */
export function oauthHandlers({ engine }: HandlerContext): HandlerTable<OAuthChannels> {
  const pending = new Map<string, Promise<Replies['oauth:finish']>>();
  return {
    'oauth:clients': () => engine.oauth.clients(),

    'oauth:begin': async (request) => {
      let opened: (url: string) => void = () => undefined;
      const url = new Promise<string>((resolve) => {
        opened = resolve;
      });
      const how: SignInHow = {
        kind: 'browser',
        open: (address) => {
          opened(address);
        },
        signal: AbortSignal.timeout(SIGN_IN_TIMEOUT_MS),
      };
      const done: Promise<Replies['oauth:finish']> =
        'provider' in request
          ? engine.oauth
              .add({ name: request.account, user: request.user, server: { preset: request.provider }, how })
              .then(({ account }) => ({ account: view(account), resumed: [] }))
          : engine.oauth
              .login(request.account, how)
              .then(({ account, resumed }) => ({ account: view(account), resumed }));
      // Whichever comes first: the address to open, or an early refusal (no client id, name taken).
      const first = await Promise.race([url, done.then(() => null)]);
      if (first === null) throw new MailtroveError('usage', 'The sign-in ended before it began.');
      const signInId = randomUUID();
      // Kept until `finish` asks; a failure is reported there, not as an unhandled rejection here.
      done.catch(() => undefined);
      pending.set(signInId, done);
      return { signInId, url: first };
    },

    'oauth:finish': async ({ signInId }) => {
      const done = pending.get(signInId);
      if (done === undefined) {
        throw new MailtroveError('usage', 'No sign-in is under way with that id.', {
          hint: 'Start the sign-in again.',
        });
      }
      try {
        return await done;
      } finally {
        pending.delete(signInId);
      }
    },
  };
}

function view(account: {
  name: string;
  host: string;
  port: number;
  security: AccountView['security'];
  user: string;
}): AccountView {
  const { name, host, port, security, user } = account;
  // An OAuth2 account keeps a refresh token, never a password.
  return { name, host, port, security, user, hasPassword: false, oauth2: true };
}

import type { AccountView } from '../../src-shared/ipc/contract.ts';
import { KEYRING_HELP, MailtroveError } from '../engine/api/index.ts';
import type { HandlerContext, HandlerTable } from './types.ts';

type AccountChannels =
  'app:info' | 'accounts:list' | 'accounts:add' | 'accounts:test' | 'accounts:remove' | 'folders:list';

/** The app only reads passwords from the keychain; the CLI can run without storing one. */
const APP_NO_STORE_HELP =
  'Keep the password out of the keychain and import with the mailtrove command instead: ' +
  '`mailtrove account add NAME --host … --user …` (no --password-stdin), then run `mailtrove import NAME` ' +
  'with MAILTROVE_PASSWORD set; it is never stored.';

export function accountHandlers({ engine, version }: HandlerContext): HandlerTable<AccountChannels> {
  const { accounts } = engine;
  return {
    'app:info': () => ({ version, archivePath: engine.archiveFile() }),

    'accounts:list': async () =>
      Promise.all(
        accounts.list().map(async ({ name, host, port, security, user }) => {
          const config = { name, host, port, security, user };
          const oauth2 = engine.oauth.authOf(name).kind === 'oauth2';
          return {
            ...config,
            hasPassword: await accounts.hasPassword(config),
            ...(oauth2 ? { oauth2 } : {}),
          };
        }),
      ),

    'accounts:add': async ({ account, password }): Promise<AccountView> => {
      // Keychain first: when it is unavailable nothing is written and the user is told the ways forward.
      await accounts.add({
        account,
        password: () => Promise.resolve(password),
        noKeychain: (error) =>
          new MailtroveError('config', `${error.message}. The account was not saved.`, {
            hint: `Two ways forward: (1) ${KEYRING_HELP} Then press Save again. (2) ${APP_NO_STORE_HELP}`,
          }),
      });
      return { ...account, hasPassword: true };
    },

    'accounts:test': async (request) => {
      const { folders, capabilities } = await accounts.test(
        'password' in request ? request : request.account,
      );
      return { folders, capabilities };
    },

    'accounts:remove': async ({ account, deleteMail }) => {
      const { removedMessages } = await accounts.remove(account, { deleteMail });
      return { removedMessages };
    },

    'folders:list': ({ account }) => accounts.folders(account),
  };
}

import type { ImapFlow } from 'imapflow';
import type { AccountConfig } from '../../src-shared/domain.ts';
import type { AccountView } from '../../src-shared/ipc/contract.ts';
import {
  addAccount,
  findAccount,
  getAccount,
  listAccounts,
  removeAccount,
} from '../engine/archive/accounts-repo.ts';
import { removeAccountWithMail } from '../engine/archive/delete-mail.ts';
import { resolveArchiveFile } from '../engine/archive/open.ts';
import { MailtroveError } from '../engine/errors.ts';
import { connectImap } from '../engine/imap/connect.ts';
import { listFolders } from '../engine/imap/folders.ts';
import { KEYRING_HELP, KeychainUnavailableError } from '../engine/secrets/keychain-errors.ts';
import { storedPassword } from '../engine/secrets/password.ts';
import { secretKey } from '../engine/secrets/secret-store.ts';
import type { HandlerDeps, HandlerTable } from './types.ts';

type AccountChannels =
  'app:info' | 'accounts:list' | 'accounts:add' | 'accounts:test' | 'accounts:remove' | 'folders:list';

/** The app only reads passwords from the keychain; the CLI can run without storing one. */
const APP_NO_STORE_HELP =
  'Keep the password out of the keychain and import with the mailtrove command instead: ' +
  '`mailtrove account add NAME --host … --user …` (no --password-stdin), then run `mailtrove import NAME` ' +
  'with MAILTROVE_PASSWORD set; it is never stored.';

/** Jobs in these states still talk to the server or are about to: an account under them stays. */
const ACTIVE_STATES = new Set(['queued', 'running', 'waiting']);

export function accountHandlers(deps: HandlerDeps): HandlerTable<AccountChannels> {
  const { db, secrets } = deps;

  const hasPassword = async (account: AccountConfig): Promise<boolean> => {
    try {
      return (await secrets.get(secretKey(account))) !== null;
    } catch {
      // A locked or missing keychain is reported when a password is needed, not in the account list.
      return false;
    }
  };

  /** Logs in as `account`, runs `use`, and logs out whatever happens. */
  const withSession = async <T>(
    account: AccountConfig,
    password: string,
    use: (client: ImapFlow) => Promise<T>,
  ): Promise<T> => {
    const client = await connectImap(account, password);
    try {
      return await use(client);
    } finally {
      await client.logout().catch(() => {
        client.close();
      });
    }
  };

  const stored = async (name: string): Promise<{ account: AccountConfig; password: string }> => {
    const account = getAccount(db, name);
    return { account, password: await storedPassword(account, secrets) };
  };

  return {
    'app:info': () => ({ version: deps.version, archivePath: resolveArchiveFile(deps.archivePath) }),

    'accounts:list': async () =>
      Promise.all(
        listAccounts(db).map(async ({ name, host, port, security, user }) => {
          const config = { name, host, port, security, user };
          return { ...config, hasPassword: await hasPassword(config) };
        }),
      ),

    'accounts:add': async ({ account, password }): Promise<AccountView> => {
      if (findAccount(db, account.name) !== null) {
        throw new MailtroveError('usage', `An account named "${account.name}" already exists.`, {
          hint: 'Pick another name, or remove the existing account first.',
        });
      }
      // Keychain first: when it is unavailable nothing is written and the user is told the ways forward.
      await secrets.set(secretKey(account), password).catch((error: unknown) => {
        if (!(error instanceof KeychainUnavailableError)) throw error;
        throw new MailtroveError('config', `${error.message}. The account was not saved.`, {
          hint: `Two ways forward: (1) ${KEYRING_HELP} Then press Save again. (2) ${APP_NO_STORE_HELP}`,
        });
      });
      addAccount(db, account);
      return { ...account, hasPassword: true };
    },

    'accounts:test': async (request) => {
      const { account, password } = 'password' in request ? request : await stored(request.account);
      return withSession(account, password, async (client) => ({
        folders: (await listFolders(client, { withSizes: false })).length,
        capabilities: [...client.capabilities.keys()].sort(),
      }));
    },

    'accounts:remove': async ({ account: name, deleteMail }) => {
      const busy = deps.jobs.list(name).filter((job) => ACTIVE_STATES.has(job.state));
      if (busy.length > 0) {
        throw new MailtroveError('usage', `The account "${name}" has an import running.`, {
          hint: 'Pause or cancel its import first.',
        });
      }
      const { account, removedMessages } = deleteMail
        ? removeAccountWithMail(db, name)
        : { account: removeAccount(db, name), removedMessages: 0 };
      // The account is gone either way; a keychain that cannot be reached only leaves an orphan entry.
      await secrets.delete(secretKey(account)).catch(() => false);
      return { removedMessages };
    },

    'folders:list': async ({ account: name }) => {
      const { account, password } = await stored(name);
      return withSession(account, password, (client) => listFolders(client, { withSizes: true }));
    },
  };
}

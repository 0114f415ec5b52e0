import type { ImapFlow } from 'imapflow';
import type { AccountConfig, FolderInfo } from '../../../src-shared/domain.ts';
import {
  addAccount,
  findAccount,
  getAccount,
  listAccounts,
  removeAccount,
  type StoredAccount,
} from '../archive/accounts-repo.ts';
import { removeAccountWithMail } from '../archive/delete-mail.ts';
import { listJobs } from '../archive/jobs-repo.ts';
import { accountRefreshTokens } from '../auth/sign-in.ts';
import { MailtroveError } from '../errors.ts';
import { connectImap, type Credential } from '../imap/connect.ts';
import { listFolders } from '../imap/folders.ts';
import { KeychainUnavailableError } from '../secrets/keychain-errors.ts';
import { secretKey } from '../secrets/secret-store.ts';
import type { EngineContext } from './context.ts';

/** Jobs in these states still talk to the server or are about to: an account under them stays. */
const ACTIVE_STATES = new Set(['queued', 'running', 'waiting']);

export interface AddAccountRequest {
  account: AccountConfig;
  /** the password to keep in the keychain, or null to store none; asked only once the name is free */
  password: () => Promise<string | null>;
  /** the error to raise when there is no keychain (each front end knows its own ways forward) */
  noKeychain: (error: KeychainUnavailableError) => Error;
}

export interface TestResult {
  account: StoredAccount | AccountConfig;
  folders: number;
  capabilities: string[];
}

export interface RemoveResult {
  account: StoredAccount;
  removedMessages: number;
  /** what became of the keychain entry: deleted, none stored, or not reachable (why) */
  keychain: string;
}

export function accountUseCases(ctx: EngineContext) {
  const { access, secrets } = ctx;

  /** Logs in as `account`, runs `use`, and logs out whatever happens. */
  const withSession = async <T>(
    account: AccountConfig,
    password: Credential,
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

  /** The account's settings and its password. */
  const withPassword = async (name: string) => {
    const account = access.readCurrent((db) => getAccount(db, name));
    return { account, password: await ctx.credentialFor(account) };
  };

  return {
    /** Accounts by name; none when there is no archive yet. */
    list(): StoredAccount[] {
      return access.exists() ? access.readCurrent(listAccounts) : [];
    },

    /** One account by name; a clear config error when there is none. */
    get: (name: string): StoredAccount => access.readCurrent((db) => getAccount(db, name)),

    /** Whether the keychain holds a password for the account (false when it cannot be reached). */
    async hasPassword(account: AccountConfig): Promise<boolean> {
      try {
        return (await secrets.get(secretKey(account))) !== null;
      } catch {
        // A locked or missing keychain is reported when a password is needed, not in the account list.
        return false;
      }
    },

    /**
     * Adds an account: keychain first, then the database, so a missing keychain leaves nothing half-added.
     * Returns whether a password was stored.
     */
    async add(request: AddAccountRequest): Promise<{ account: StoredAccount; passwordStored: boolean }> {
      const { account } = request;
      const taken = access.exists() && access.readCurrent((db) => findAccount(db, account.name) !== null);
      if (taken) {
        throw new MailtroveError('usage', `An account named "${account.name}" already exists.`, {
          hint: 'Pick another name, or remove the existing account first.',
        });
      }
      const password = await request.password();
      if (password !== null) {
        try {
          await secrets.set(secretKey(account), password);
        } catch (error) {
          if (error instanceof KeychainUnavailableError) throw request.noKeychain(error);
          throw error;
        }
      }
      const stored = access.writeSync((db) => addAccount(db, account), true);
      return { account: stored, passwordStored: password !== null };
    },

    /** Logs in (with a stored account's password, or the settings and password given) and lists folders. */
    async test(request: string | { account: AccountConfig; password: string }): Promise<TestResult> {
      const { account, password } = typeof request === 'string' ? await withPassword(request) : request;
      return withSession(account, password, async (client) => ({
        account,
        folders: (await listFolders(client, { withSizes: false })).length,
        capabilities: [...client.capabilities.keys()].sort(),
      }));
    },

    /** The server's folder tree with counts and sizes; `onLoggedIn` runs once the login succeeded. */
    async folders(name: string, onLoggedIn?: (account: StoredAccount) => void): Promise<FolderInfo[]> {
      const { account, password } = await withPassword(name);
      return withSession(account, password, (client) => {
        onLoggedIn?.(account);
        return listFolders(client, { withSizes: true });
      });
    },

    /**
     * Forgets an account and its keychain entry, refusing while one of its imports runs. With
     * `deleteMail` the mail only it holds goes too; otherwise its archived mail stays.
     */
    async remove(name: string, options: { deleteMail: boolean }): Promise<RemoveResult> {
      const { account, removedMessages } = await access.write((db) => {
        const jobs = ctx.jobs ? ctx.jobs.list(name) : listJobs(db, getAccount(db, name).id);
        if (jobs.some((job) => ACTIVE_STATES.has(job.state))) {
          throw new MailtroveError('usage', `The account "${name}" has an import running.`, {
            hint: ctx.jobs
              ? 'Pause or cancel its import first.'
              : `Pause or cancel its import first, or let it finish: mailtrove import ${name} --resume`,
          });
        }
        return options.deleteMail
          ? removeAccountWithMail(db, name)
          : { account: removeAccount(db, name), removedMessages: 0 };
      });
      // The account is gone either way; a keychain that cannot be reached only leaves an orphan entry.
      let keychain: string;
      try {
        const password = await secrets.delete(secretKey(account));
        // An OAuth2 account's refresh token (all of its parts) goes with it.
        const token = await accountRefreshTokens(secrets, account).delete();
        keychain = password || token ? 'deleted' : 'none stored';
      } catch (error) {
        keychain = `not reachable (${(error as Error).message})`;
      }
      return { account, removedMessages, keychain };
    },
  };
}

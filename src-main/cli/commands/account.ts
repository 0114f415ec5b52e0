import { Command, Option } from 'commander';
import type { AccountConfig, Security } from '../../../src-shared/domain.ts';
import {
  addAccount,
  findAccount,
  getAccount,
  listAccounts,
  removeAccount,
} from '../../engine/archive/accounts-repo.ts';
import { archiveExists, openArchive } from '../../engine/archive/open.ts';
import { MailtroveError } from '../../engine/errors.ts';
import { connectImap } from '../../engine/imap/connect.ts';
import { listFolders } from '../../engine/imap/folders.ts';
import {
  KEYRING_HELP,
  KeychainUnavailableError,
  NO_STORE_HELP,
} from '../../engine/secrets/keychain-errors.ts';
import { secretKey, type SecretStore } from '../../engine/secrets/secret-store.ts';
import { contextOf, withArchive } from '../context.ts';
import { namedAccountPassword, PASSWORD_ENV, passwordFromEnv } from '../password.ts';
import { table } from '../format.ts';
import type { Output } from '../output.ts';
import { port } from '../parse-options.ts';
import { readStdin } from '../stdin.ts';

const DEFAULT_PORTS: Record<Security, number> = { tls: 993, starttls: 143, none: 143 };

interface AddOptions {
  host: string;
  port?: number;
  security: Security;
  user: string;
  passwordStdin?: boolean;
}

export function accountCommand(): Command {
  const account = new Command('account').description('add, list, test or remove IMAP accounts');

  account
    .command('add')
    .description('add an account; the password goes to the OS keychain')
    .argument('<name>', 'a short name for the account, e.g. work')
    .requiredOption('--host <host>', 'IMAP server host name')
    .option('--port <port>', 'IMAP port (default: 993 for tls, 143 otherwise)', port)
    .addOption(
      new Option('--security <mode>', 'connection security')
        .choices(['tls', 'starttls', 'none'])
        .default('tls'),
    )
    .requiredOption('--user <user>', 'login name, usually the e-mail address')
    .option('--password-stdin', 'read the password from standard input and store it in the OS keychain')
    .action(async (name: string, options: AddOptions, command: Command) => {
      const { archivePath, out, secrets } = contextOf(command);
      const config: AccountConfig = {
        name,
        host: options.host,
        port: options.port ?? DEFAULT_PORTS[options.security],
        security: options.security,
        user: options.user,
      };
      if (archiveExists(archivePath)) {
        const db = openArchive(archivePath, { readonly: true });
        const taken = findAccount(db, name) !== null;
        db.close();
        if (taken) throw new MailtroveError('usage', `An account named "${name}" already exists.`);
      }
      const stored = await storePassword(config, options.passwordStdin === true, secrets, out);
      const db = openArchive(archivePath, { create: true });
      try {
        addAccount(db, config);
      } finally {
        db.close();
      }
      out.result({ added: config, passwordStored: stored }, () =>
        [
          `Added account "${name}" (${config.user} at ${config.host}:${config.port}, ${config.security}).`,
          stored
            ? 'The password is in the OS keychain.'
            : `No password stored: run commands that name "${name}" with ${PASSWORD_ENV} set.`,
        ].join('\n'),
      );
    });

  account
    .command('list')
    .description('list accounts')
    .action((_options: unknown, command: Command) => {
      const { archivePath, out } = contextOf(command);
      const accounts = archiveExists(archivePath) ? withArchive(archivePath, true, listAccounts) : [];
      out.result(
        accounts.map(({ name, host, port: p, security, user }) => ({ name, host, port: p, security, user })),
        () =>
          accounts.length === 0
            ? 'No accounts yet. Add one with: mailtrove account add NAME --host H --user U --password-stdin'
            : table([
                ['NAME', 'USER', 'SERVER', 'SECURITY'],
                ...accounts.map((a) => [a.name, a.user, `${a.host}:${a.port}`, a.security]),
              ]),
      );
    });

  account
    .command('remove')
    .description('forget an account and its keychain entry; its archived mail stays')
    .argument('<name>')
    .action(async (name: string, _options: unknown, command: Command) => {
      const { archivePath, out, secrets } = contextOf(command);
      const removed = withArchive(archivePath, false, (db) => removeAccount(db, name));
      let keychain = 'deleted';
      try {
        keychain = (await secrets.delete(secretKey(removed))) ? 'deleted' : 'none stored';
      } catch (error) {
        keychain = `not reachable (${(error as Error).message})`;
      }
      out.result(
        { removed: name, keychain },
        () =>
          `Removed account "${name}"; its archived mail stays in the archive. Keychain entry: ${keychain}.`,
      );
    });

  account
    .command('test')
    .description('log in and list the folders, to check the settings and password')
    .argument('<name>')
    .action(async (name: string, _options: unknown, command: Command) => {
      const { archivePath, out, secrets } = contextOf(command);
      const config = withArchive(archivePath, true, (db) => getAccount(db, name));
      const client = await connectImap(config, await namedAccountPassword(config, name, secrets));
      try {
        const folders = await listFolders(client, { withSizes: false });
        const capabilities = [...client.capabilities.keys()].sort();
        out.result(
          { ok: true, account: name, folders: folders.length, capabilities },
          () =>
            `OK: logged in as ${config.user} at ${config.host}:${config.port}; ${folders.length} folders.`,
        );
      } finally {
        await client.logout().catch(() => {
          client.close();
        });
      }
    });

  return account;
}

/**
 * Stores the --password-stdin password in the keychain before the account row exists, so a missing
 * keychain leaves nothing half-added. With MAILTROVE_PASSWORD set the user has chosen not to store one.
 */
async function storePassword(
  config: AccountConfig,
  fromStdin: boolean,
  secrets: SecretStore,
  out: Output,
): Promise<boolean> {
  if (!fromStdin) return false;
  if (passwordFromEnv() !== null) {
    out.info(`${PASSWORD_ENV} is set, so the password is not read or stored; runs will use ${PASSWORD_ENV}.`);
    return false;
  }
  const password = (await readStdin()).replace(/\r?\n$/, '');
  if (password === '') throw new MailtroveError('usage', '--password-stdin read an empty password.');
  try {
    await secrets.set(secretKey(config), password);
  } catch (error) {
    if (!(error instanceof KeychainUnavailableError)) throw error;
    throw new MailtroveError('config', `${error.message}. Nothing was added.`, {
      hint: `Two ways forward: (1) ${KEYRING_HELP} (2) ${NO_STORE_HELP}`,
      cause: error,
    });
  }
  return true;
}

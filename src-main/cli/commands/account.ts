import { Command, Option } from 'commander';
import {
  addLoginCommand,
  addOAuthAccount,
  oauthAddFlags,
  wantsOAuth,
  type OAuthAddOptions,
} from './account-oauth.ts';
import type { AccountConfig, Security } from '../../../src-shared/domain.ts';
import { KEYRING_HELP, MailtroveError, NO_STORE_HELP } from '../../engine/api/index.ts';
import { contextOf } from '../context.ts';
import { PASSWORD_ENV, passwordFromEnv } from '../password.ts';
import { table } from '../format.ts';
import type { Output } from '../output.ts';
import { port } from '../parse-options.ts';
import { readStdin } from '../stdin.ts';

const DEFAULT_PORTS: Record<Security, number> = { tls: 993, starttls: 143, none: 143 };

interface AddOptions extends OAuthAddOptions {
  passwordStdin?: boolean;
}

export function accountCommand(): Command {
  const account = new Command('account').description('add, list, test or remove IMAP accounts');

  oauthAddFlags(
    account
      .command('add')
      .description('add an account; its password or OAuth2 refresh token goes to the OS keychain')
      .argument('<name>', 'a short name for the account, e.g. work')
      .option('--host <host>', 'IMAP server host name (a --provider knows its own)')
      .option('--port <port>', 'IMAP port (default: 993 for tls, 143 otherwise)', port)
      .addOption(
        new Option('--security <mode>', 'connection security')
          .choices(['tls', 'starttls', 'none'])
          .default('tls'),
      )
      .requiredOption('--user <user>', 'login name, usually the e-mail address')
      .option('--password-stdin', 'read the password from standard input and store it in the OS keychain'),
  ).action(async (name: string, options: AddOptions, command: Command) => {
    if (wantsOAuth(options)) {
      await addOAuthAccount(name, options, command);
      return;
    }
    if (options.host === undefined) {
      throw new MailtroveError(
        'usage',
        'Give --host (or --provider gmail|microsoft to sign in with OAuth2).',
      );
    }
    const { out, engine } = contextOf(command);
    const config: AccountConfig = {
      name,
      host: options.host,
      port: options.port ?? DEFAULT_PORTS[options.security],
      security: options.security,
      user: options.user,
    };
    const { passwordStored: stored } = await engine.accounts.add({
      account: config,
      password: () => passwordToStore(options.passwordStdin === true, out),
      noKeychain: (error) =>
        new MailtroveError('config', `${error.message}. Nothing was added.`, {
          hint: `Two ways forward: (1) ${KEYRING_HELP} (2) ${NO_STORE_HELP}`,
          cause: error,
        }),
    });
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
      const { out, engine } = contextOf(command);
      const accounts = engine.accounts.list();
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
    .description('forget an account and its keychain entry; its archived mail stays unless --delete-mail')
    .argument('<name>')
    .option('--delete-mail', 'also delete the mail only this account holds (mail other accounts hold stays)')
    .action(async (name: string, flags: { deleteMail?: boolean }, command: Command) => {
      const { out, engine } = contextOf(command);
      const deleteMail = flags.deleteMail === true;
      const { removedMessages, keychain } = await engine.accounts.remove(name, { deleteMail });
      out.result({ removed: name, keychain, ...(deleteMail ? { removedMessages } : {}) }, () =>
        deleteMail
          ? `Removed account "${name}" and ${removedMessages} message(s) only it held. Keychain entry: ${keychain}.`
          : `Removed account "${name}"; its archived mail stays in the archive. Keychain entry: ${keychain}.`,
      );
    });

  account
    .command('test')
    .description('log in and list the folders, to check the settings and password')
    .argument('<name>')
    .action(async (name: string, _options: unknown, command: Command) => {
      const { out, engine } = contextOf(command, name);
      const { account: config, folders, capabilities } = await engine.accounts.test(name);
      out.result(
        { ok: true, account: name, folders, capabilities },
        () => `OK: logged in as ${config.user} at ${config.host}:${config.port}; ${folders} folders.`,
      );
    });

  addLoginCommand(account);
  return account;
}

/**
 * The --password-stdin password, read only once the name is known to be free; the engine stores it in
 * the keychain before the account row exists. With MAILTROVE_PASSWORD set the user has chosen not to
 * store one.
 */
async function passwordToStore(fromStdin: boolean, out: Output): Promise<string | null> {
  if (!fromStdin) return null;
  if (passwordFromEnv() !== null) {
    out.info(`${PASSWORD_ENV} is set, so the password is not read or stored; runs will use ${PASSWORD_ENV}.`);
    return null;
  }
  const password = (await readStdin()).replace(/\r?\n$/, '');
  if (password === '') throw new MailtroveError('usage', '--password-stdin read an empty password.');
  return password;
}

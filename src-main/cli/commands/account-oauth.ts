import { spawn } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { Command, Option } from 'commander';
import type { OAuthSettings } from '../../../src-shared/account-auth.ts';
import type { AccountConfig, Security } from '../../../src-shared/domain.ts';
import { accountAuth, setAccountAuth } from '../../engine/archive/account-auth-repo.ts';
import { addAccount, findAccount, getAccount } from '../../engine/archive/accounts-repo.ts';
import { openArchive } from '../../engine/archive/open.ts';
import { genericSettings, presetSettings, PRESETS } from '../../engine/auth/providers.ts';
import {
  accountRefreshTokens,
  saveSignIn,
  signInWithBrowser,
  signInWithDeviceCode,
} from '../../engine/auth/sign-in.ts';
import { MailtroveError } from '../../engine/errors.ts';
import { contextOf, withArchive } from '../context.ts';
import type { Output } from '../output.ts';
import { port } from '../parse-options.ts';
import { readStdin } from '../stdin.ts';

interface SignInOptions {
  refreshTokenStdin?: boolean;
  /** commander's --no-browser */
  browser?: boolean;
  deviceCode?: boolean;
}

interface AddOAuthOptions extends SignInOptions {
  provider?: keyof typeof PRESETS;
  host?: string;
  port?: number;
  security: Security;
  user: string;
  tokenUrl?: string;
  authUrl?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  tenant?: string;
}

/**
 * `account add-oauth NAME` (Google, Microsoft or any OAuth2 server) and `account login NAME` (sign in
 * again). Registered on the `account` command; the refresh token goes to the OS keychain only.
 */
export function addOAuthCommands(account: Command): void {
  const signInFlags = (command: Command): Command =>
    command
      .option('--refresh-token-stdin', 'read a refresh token from standard input instead of signing in')
      .option('--no-browser', 'print the sign-in address and read back the address the browser ended on')
      .option('--device-code', "sign in on another device with a code (Microsoft's device-code flow)");

  signInFlags(
    account
      .command('add-oauth')
      .description('add an account that signs in with OAuth2 (Google, Microsoft, or any OAuth2 server)')
      .argument('<name>', 'a short name for the account, e.g. work')
      .addOption(new Option('--provider <provider>', 'a known provider').choices(Object.keys(PRESETS)))
      .option('--host <host>', 'IMAP server host name (without --provider)')
      .option('--port <port>', 'IMAP port (default: 993 for tls, 143 otherwise)', port)
      .addOption(
        new Option('--security <mode>', 'connection security')
          .choices(['tls', 'starttls', 'none'])
          .default('tls'),
      )
      .requiredOption('--user <user>', 'login name, usually the e-mail address')
      .option('--token-url <url>', "the OAuth2 server's token endpoint (without --provider)")
      .option('--auth-url <url>', "the OAuth2 server's authorization endpoint, for browser sign-in")
      .option('--client-id <id>', 'your registered OAuth2 client id (needed when the build has none)')
      .option('--client-secret <secret>', "the client's secret, for providers that give desktop apps one")
      .option('--scope <scope>', 'scopes to ask for (without --provider)')
      .option('--tenant <tenant>', 'Microsoft: common, organizations, consumers or a tenant id'),
  ).action(async (name: string, options: AddOAuthOptions, command: Command) => {
    const { archivePath, out, secrets } = contextOf(command);
    const settings = settingsFrom(options);
    const preset = options.provider ? PRESETS[options.provider] : null;
    const host = options.host ?? preset?.host;
    if (!host)
      throw new MailtroveError('usage', 'Give --provider gmail|microsoft, or --host and --token-url.');
    const security: Security = preset && !options.host ? 'tls' : options.security;
    const config: AccountConfig = {
      name,
      host,
      port: options.port ?? (preset && !options.host ? preset.port : security === 'tls' ? 993 : 143),
      security,
      user: options.user,
    };
    const db = openArchive(archivePath, { create: true });
    try {
      if (findAccount(db, name))
        throw new MailtroveError('usage', `An account named "${name}" already exists.`);
      // Signed in before anything is recorded: a failed sign-in leaves no half-added account.
      await signIn(config, settings, options, out, accountRefreshTokens(secrets, config));
      const stored = addAccount(db, config);
      setAccountAuth(db, stored.id, settings);
    } finally {
      db.close();
    }
    out.result({ added: config, auth: settings.provider }, () =>
      [
        `Added account "${name}" (${config.user} at ${config.host}:${config.port}, ${config.security}).`,
        'Signed in; the refresh token is in the OS keychain.',
      ].join('\n'),
    );
  });

  signInFlags(
    account
      .command('login')
      .description('sign an OAuth2 account in again (after "needs sign-in")')
      .argument('<name>', 'the account'),
  ).action(async (name: string, options: SignInOptions, command: Command) => {
    const { archivePath, out, secrets } = contextOf(command);
    const { config, auth } = withArchive(archivePath, true, (db) => {
      const stored = getAccount(db, name);
      return { config: stored, auth: accountAuth(db, stored.id) };
    });
    if (auth.kind !== 'oauth2') {
      throw new MailtroveError('usage', `The account "${name}" logs in with a password, not OAuth2.`, {
        hint: 'Store a new password with: mailtrove account add … --password-stdin',
      });
    }
    await signIn(config, auth, options, out, accountRefreshTokens(secrets, config));
    out.result(
      { signedIn: name },
      () => `Signed in "${name}"; resume its waiting import with: mailtrove jobs`,
    );
  });
}

function settingsFrom(options: AddOAuthOptions): OAuthSettings {
  const { clientId, clientSecret } = options;
  if (options.provider) {
    return presetSettings({
      preset: options.provider,
      ...(clientId ? { clientId } : {}),
      ...(clientSecret ? { clientSecret } : {}),
      ...(options.tenant ? { tenant: options.tenant } : {}),
    });
  }
  if (!options.tokenUrl)
    throw new MailtroveError('usage', 'Give --provider, or --token-url for any OAuth2 server.');
  return genericSettings({
    tokenUrl: options.tokenUrl,
    ...(options.authUrl ? { authUrl: options.authUrl } : {}),
    ...(clientId ? { clientId } : {}),
    ...(clientSecret ? { clientSecret } : {}),
    ...(options.scope ? { scope: options.scope } : {}),
  });
}

async function signIn(
  config: AccountConfig,
  settings: OAuthSettings,
  options: SignInOptions,
  out: Output,
  tokens: ReturnType<typeof accountRefreshTokens>,
): Promise<void> {
  if (options.refreshTokenStdin) {
    const token = (await readStdin()).trim();
    if (!token) throw new MailtroveError('usage', 'No refresh token on standard input.');
    await tokens.set(token);
    return;
  }
  if (options.deviceCode) {
    await saveSignIn(
      tokens,
      await signInWithDeviceCode(settings, (message) => {
        out.info(message);
      }),
    );
    return;
  }
  const headless = options.browser === false;
  // With --no-browser the code may come from the pasted address or (same machine) the listener.
  const lines = headless ? createInterface({ input: process.stdin }) : null;
  try {
    const signedIn = await signInWithBrowser(settings, {
      loginHint: config.user,
      open: (url) => {
        out.info(`Sign in at:\n${url}`);
        if (headless) out.info('Then paste the address your browser ended on (http://127.0.0.1…):');
        else openBrowser(url);
      },
      ...(lines ? { pasted: firstLine(lines) } : {}),
    });
    await saveSignIn(tokens, signedIn);
  } finally {
    lines?.close();
  }
}

/** The system browser (never an embedded one: Google refuses those); the URL is printed anyway. */
function openBrowser(url: string): void {
  const [program, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  const child = spawn(program, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

function firstLine(lines: Interface): Promise<string> {
  return new Promise((resolve) => {
    lines.once('line', resolve);
  });
}

import { spawn } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { Option, type Command } from 'commander';
import type { Security } from '../../../src-shared/domain.ts';
import {
  MailtroveError,
  PRESET_NAMES,
  type OAuthServer,
  type PresetName,
  type SignInHow,
} from '../../engine/api/index.ts';
import { contextOf } from '../context.ts';
import type { Output } from '../output.ts';
import { readStdin } from '../stdin.ts';

export interface SignInOptions {
  refreshTokenStdin?: boolean;
  /** commander's --no-browser */
  browser?: boolean;
  deviceCode?: boolean;
}

export interface OAuthAddOptions extends SignInOptions {
  provider?: PresetName;
  auth?: 'password' | 'oauth2';
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

/** The sign-in flags, shared by `account add` (OAuth2) and `account login`. */
export function signInFlags(command: Command): Command {
  return command
    .option('--refresh-token-stdin', 'OAuth2: read a refresh token from standard input instead of signing in')
    .option(
      '--no-browser',
      'OAuth2: print the sign-in address and read back the address the browser ended on',
    )
    .option('--device-code', "OAuth2: sign in on another device with a code (Microsoft's device-code flow)");
}

/** The OAuth2 flags of `account add`. */
export function oauthAddFlags(command: Command): Command {
  return signInFlags(
    command
      .addOption(
        new Option('--provider <provider>', 'sign in with a known provider (OAuth2)').choices(PRESET_NAMES),
      )
      .addOption(new Option('--auth <method>', 'how to log in').choices(['password', 'oauth2']))
      .option('--token-url <url>', "OAuth2: the server's token endpoint (with --auth oauth2)")
      .option('--auth-url <url>', "OAuth2: the server's authorization endpoint, for browser sign-in")
      .option('--client-id <id>', 'OAuth2: your registered client id (needed when the build has none)')
      .option(
        '--client-secret <secret>',
        "OAuth2: the client's secret, for providers that give desktop apps one",
      )
      .option('--scope <scope>', 'OAuth2: scopes to ask for (with --auth oauth2)')
      .option('--tenant <tenant>', 'Microsoft: common, organizations, consumers or a tenant id'),
  );
}

/** Whether `account add` was asked for an OAuth2 account. */
export function wantsOAuth(options: OAuthAddOptions): boolean {
  return options.provider !== undefined || options.auth === 'oauth2';
}

/** `account add NAME --provider …` or `--auth oauth2 …`: signs in, then records the account. */
export async function addOAuthAccount(
  name: string,
  options: OAuthAddOptions,
  command: Command,
): Promise<void> {
  const { out, engine } = contextOf(command);
  const server = serverFrom(options);
  const { how, close } = signInHow(options, out, options.user);
  const { account: added, settings } = await engine.oauth
    .add({
      name,
      user: options.user,
      server,
      ...(options.host === undefined
        ? {}
        : {
            host: options.host,
            security: options.security,
            ...(options.port ? { port: options.port } : {}),
          }),
      how,
    })
    .finally(close);
  const { host, port, security, user } = added;
  out.result({ added: { name, host, port, security, user }, auth: settings.provider }, () =>
    [
      `Added account "${name}" (${user} at ${host}:${port}, ${security}).`,
      'Signed in; the refresh token is in the OS keychain.',
    ].join('\n'),
  );
}

/** `account login NAME`: signs an OAuth2 account in again. */
export function addLoginCommand(account: Command): void {
  signInFlags(
    account
      .command('login')
      .description('sign an OAuth2 account in again (after "needs sign-in")')
      .argument('<name>', 'the account'),
  ).action(async (name: string, options: SignInOptions, command: Command) => {
    const { out, engine } = contextOf(command);
    const stored = engine.accounts.get(name);
    const { how, close } = signInHow(options, out, stored.user);
    await engine.oauth.login(name, how).finally(close);
    out.result(
      { signedIn: name },
      () => `Signed in "${name}"; go on with its waiting import: mailtrove import ${name} --resume`,
    );
  });
}

function serverFrom(options: OAuthAddOptions): OAuthServer {
  const { clientId, clientSecret } = options;
  const client = { ...(clientId ? { clientId } : {}), ...(clientSecret ? { clientSecret } : {}) };
  if (options.provider) {
    return { preset: options.provider, ...client, ...(options.tenant ? { tenant: options.tenant } : {}) };
  }
  if (!options.tokenUrl || !options.host) {
    throw new MailtroveError('usage', 'Give --provider gmail|microsoft, or --host and --token-url.');
  }
  return {
    tokenUrl: options.tokenUrl,
    ...(options.authUrl ? { authUrl: options.authUrl } : {}),
    ...(options.scope ? { scope: options.scope } : {}),
    ...client,
  };
}

/** How the command line signs in; `close` lets go of standard input once the sign-in is over. */
function signInHow(options: SignInOptions, out: Output, user: string): { how: SignInHow; close: () => void } {
  const nothing = () => undefined;
  if (options.refreshTokenStdin) return { how: { kind: 'refresh-token', token: readStdin }, close: nothing };
  if (options.deviceCode) {
    const show = (message: string) => {
      out.info(message);
    };
    return { how: { kind: 'device-code', show }, close: nothing };
  }
  // With --no-browser the code may come from the pasted address or (same machine) the listener.
  const lines: Interface | null =
    options.browser === false ? createInterface({ input: process.stdin }) : null;
  const how: SignInHow = {
    kind: 'browser',
    open: (url) => {
      out.info(`Sign in as ${user} at:\n${url}`);
      if (lines) out.info('Then paste the address your browser ended on (http://127.0.0.1…):');
      else openBrowser(url);
    },
    ...(lines
      ? {
          pasted: new Promise<string>((resolve) => {
            lines.once('line', resolve);
          }),
        }
      : {}),
  };
  return { how, close: () => lines?.close() };
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

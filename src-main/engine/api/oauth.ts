import type Database from 'better-sqlite3';
import type { OAuthSettings } from '../../../src-shared/account-auth.ts';
import type { AccountConfig, JobInfo } from '../../../src-shared/domain.ts';
import { accountAuth, setAccountAuth } from '../archive/account-auth-repo.ts';
import { addAccount, findAccount, getAccount, type StoredAccount } from '../archive/accounts-repo.ts';
import { createCredentials } from '../auth/credentials.ts';
import {
  genericSettings,
  presetClients,
  presetSettings,
  PRESETS,
  type GenericRequest,
} from '../auth/providers.ts';
import {
  accountRefreshTokens,
  saveSignIn,
  signInWithBrowser,
  signInWithDeviceCode,
} from '../auth/sign-in.ts';
import { MailtroveError } from '../errors.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { EngineContext } from './context.ts';

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** Which OAuth2 server: a known provider, or any server by its endpoints. */
export type OAuthServer =
  | { preset: PresetName; clientId?: string; clientSecret?: string; tenant?: string }
  | ({ preset?: undefined } & GenericRequest);

/** How the user signs in: a refresh token they bring, the system browser, or a device code. */
export type SignInHow =
  | { kind: 'refresh-token'; token: () => Promise<string> }
  | {
      kind: 'browser';
      /** opens the system browser (or the window opens a tab), or prints the URL */
      open: (url: string) => void | Promise<void>;
      /** `--no-browser`: the address the browser ended on, pasted by the user */
      pasted?: Promise<string>;
      signal?: AbortSignal;
    }
  | { kind: 'device-code'; show: (message: string) => void; signal?: AbortSignal };

export interface AddOAuthRequest {
  name: string;
  user: string;
  server: OAuthServer;
  /** the IMAP server; a preset's when left out */
  host?: string;
  port?: number;
  security?: AccountConfig['security'];
  how: SignInHow;
}

/** A waiting job resumed after a sign-in. */
const NEEDS_SIGN_IN = 'needs sign-in';

/** The OAuth2 settings for a server; a clear config error when no client id is known. */
function settingsOf(server: OAuthServer): OAuthSettings {
  return server.preset === undefined ? genericSettings(server) : presetSettings(server);
}

export function oauthUseCases(ctx: EngineContext) {
  const { access, secrets } = ctx;

  const signIn = async (account: AccountConfig, settings: OAuthSettings, how: SignInHow) => {
    const tokens = accountRefreshTokens(secrets, account);
    if (how.kind === 'refresh-token') {
      const token = (await how.token()).trim();
      if (!token) throw new MailtroveError('usage', 'No refresh token was given.');
      await tokens.set(token);
      return;
    }
    if (how.kind === 'device-code') {
      await saveSignIn(tokens, await signInWithDeviceCode(settings, how.show, how.signal));
      return;
    }
    const signedIn = await signInWithBrowser(settings, {
      open: how.open,
      loginHint: account.user,
      ...(how.pasted ? { pasted: how.pasted } : {}),
      ...(how.signal ? { signal: how.signal } : {}),
    });
    await saveSignIn(tokens, signedIn);
  };

  return {
    /** The OAuth2 settings for a server; a clear config error when no client id is known. */
    settings: settingsOf,

    /** Which presets have a client id in this build (the window says what to do when one has none). */
    clients: () => presetClients(),

    /** How an account logs in: its password, or OAuth2 with these settings. */
    authOf: (name: string) => access.readCurrent((db) => accountAuth(db, getAccount(db, name).id)),

    /**
     * Adds an OAuth2 account: signed in first (the refresh token to the keychain), then recorded, so a
     * failed sign-in leaves no half-added account.
     */
    async add(request: AddOAuthRequest): Promise<{ account: StoredAccount; settings: OAuthSettings }> {
      const settings = settingsOf(request.server);
      const preset = request.server.preset === undefined ? null : PRESETS[request.server.preset];
      const host = request.host ?? preset?.host;
      if (host === undefined) {
        throw new MailtroveError('usage', 'Give --provider gmail|microsoft, or --host and --token-url.');
      }
      const security = request.host === undefined ? 'tls' : (request.security ?? 'tls');
      const account: AccountConfig = {
        name: request.name,
        host,
        port:
          request.port ??
          (request.host === undefined && preset ? preset.port : security === 'tls' ? 993 : 143),
        security,
        user: request.user,
      };
      const taken = access.exists() && access.readCurrent((db) => findAccount(db, account.name) !== null);
      if (taken) {
        throw new MailtroveError('usage', `An account named "${account.name}" already exists.`, {
          hint: 'Pick another name, or remove the existing account first.',
        });
      }
      await signIn(account, settings, request.how);
      const stored = access.writeSync(
        (db) =>
          db.transaction(() => {
            const added = addAccount(db, account);
            setAccountAuth(db, added.id, settings);
            return added;
          })(),
        true,
      );
      return { account: stored, settings };
    },

    /**
     * Signs an OAuth2 account in again (after "needs sign-in"). In a host, its jobs waiting for the
     * sign-in go on at once; the CLI resumes with `import NAME --resume`.
     */
    async login(name: string, how: SignInHow): Promise<{ account: StoredAccount; resumed: JobInfo[] }> {
      const { account, auth } = access.readCurrent((db) => {
        const stored = getAccount(db, name);
        return { account: stored, auth: accountAuth(db, stored.id) };
      });
      if (auth.kind !== 'oauth2') {
        throw new MailtroveError('usage', `The account "${name}" logs in with a password, not OAuth2.`, {
          hint: 'Store a new password with: mailtrove account add … --password-stdin',
        });
      }
      await signIn(account, auth, how);
      const resumed: JobInfo[] = [];
      if (ctx.jobs) {
        for (const job of ctx.jobs.list(name)) {
          if (job.state === 'waiting' && job.waitingReason === NEEDS_SIGN_IN) {
            resumed.push(await ctx.jobs.resume(job.id));
          }
        }
      }
      return { account, resumed };
    },
  };
}

/**
 * What logs each account of a host's archive in (the keychain only): a password, or an OAuth2 token source
 * kept for the host's life. For a host's job manager, whose connection `db` is.
 */
export function hostCredentials(db: Database.Database, secrets: SecretStore) {
  return createCredentials({ store: secrets, authOf: (account) => accountAuth(db, account.id) });
}

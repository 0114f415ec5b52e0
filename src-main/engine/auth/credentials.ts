import type { AccountAuth } from '../../../src-shared/account-auth.ts';
import type { StoredAccount } from '../archive/accounts-repo.ts';
import type { AccessTokenSource, Credential } from '../imap/connect.ts';
import { storedPassword } from '../secrets/password.ts';
import { secretKey, type SecretStore } from '../secrets/secret-store.ts';
import { NeedsSignInError } from './errors.ts';
import { accountRefreshTokens } from './sign-in.ts';
import { createTokenProvider } from './token-provider.ts';

export interface CredentialDeps {
  store: SecretStore;
  /** how the account logs in (the archive's accounts.auth) */
  authOf(account: StoredAccount): AccountAuth;
  /** a password account's password (default: the keychain's) */
  passwordFor?: (account: StoredAccount) => Promise<string>;
}

/**
 * What logs an account in: its password, or for OAuth2 a token source kept per account for the life of
 * the process, so refreshes are shared across runs and never overlap. An OAuth2 account without a stored
 * refresh token needs sign-in.
 */
export function createCredentials(deps: CredentialDeps): (account: StoredAccount) => Promise<Credential> {
  const { store } = deps;
  const passwordFor = deps.passwordFor ?? ((account: StoredAccount) => storedPassword(account, store));
  const sources = new Map<string, AccessTokenSource>();
  return async (account) => {
    const auth = deps.authOf(account);
    if (auth.kind === 'password') return passwordFor(account);
    const tokens = accountRefreshTokens(store, account);
    if ((await tokens.get()) === null) {
      throw new NeedsSignInError(account.name, 'no sign-in is stored for it.');
    }
    const key = `${secretKey(account)}|${JSON.stringify(auth)}`;
    let source = sources.get(key);
    if (!source) {
      source = createTokenProvider({ account: account.name, settings: auth, refreshTokens: tokens });
      sources.set(key, source);
    }
    return source;
  };
}

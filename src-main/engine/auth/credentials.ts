import type Database from 'better-sqlite3';
import type { StoredAccount } from '../archive/accounts-repo.ts';
import { accountAuth } from '../archive/account-auth-repo.ts';
import type { Credential } from '../imap/connect.ts';
import { storedPassword } from '../secrets/password.ts';
import { secretKey, type SecretStore } from '../secrets/secret-store.ts';
import { NeedsSignInError } from './errors.ts';
import { accountRefreshTokens } from './sign-in.ts';
import { createTokenProvider, type AccessTokenSource } from './token-provider.ts';

/**
 * What logs an account in, for the job manager's `passwordFor`: its keychain password, or for OAuth2 a
 * token source kept per account for the life of the process, so refreshes are shared across runs and
 * never overlap. An OAuth2 account without a stored refresh token needs sign-in.
 */
export function createCredentials(db: Database.Database, store: SecretStore) {
  const sources = new Map<string, AccessTokenSource>();
  return async (account: StoredAccount): Promise<Credential> => {
    const auth = accountAuth(db, account.id);
    if (auth.kind === 'password') return storedPassword(account, store);
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

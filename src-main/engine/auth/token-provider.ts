import type { OAuthSettings } from '../../../src-shared/account-auth.ts';
import { NeedsSignInError, OAuthError } from './errors.ts';
import { refreshTokens, type TokenSet } from './token-client.ts';
import type { RefreshTokenStore } from './token-store.ts';
import type { AccessTokenSource } from '../imap/connect.ts';

// The IMAP layer defines what it needs of a token source; this module provides one.
export type { AccessTokenSource };

export interface TokenProviderDeps {
  account: string;
  settings: OAuthSettings;
  refreshTokens: RefreshTokenStore;
  /** defaults to the token endpoint client */
  refresh?: (settings: OAuthSettings, refreshToken: string) => Promise<TokenSet>;
  now?: () => number;
}

/**
 * One account's access token, kept in memory only. Refreshes ahead of expiry and once at a time (callers
 * that ask meanwhile share the same refresh); a rotated refresh token is saved to the keychain before the
 * new access token is handed out, so it is never used before it is stored. `invalid_grant` → NeedsSignInError.
 */
export function createTokenProvider(deps: TokenProviderDeps): AccessTokenSource {
  const now = deps.now ?? Date.now;
  const refresh = deps.refresh ?? refreshTokens;
  let current: { token: string; renewAt: number } | null = null;
  let inFlight: Promise<string> | null = null;

  const renew = async (): Promise<string> => {
    const refreshToken = await deps.refreshTokens.get();
    if (refreshToken === null) throw new NeedsSignInError(deps.account, 'no refresh token is stored.');
    let tokens: TokenSet;
    try {
      tokens = await refresh(deps.settings, refreshToken);
    } catch (error) {
      if (error instanceof OAuthError && error.code === 'invalid_grant') {
        current = null;
        throw new NeedsSignInError(deps.account, 'the provider no longer accepts its sign-in.', error);
      }
      throw error;
    }
    if (tokens.refreshToken !== null && tokens.refreshToken !== refreshToken) {
      await deps.refreshTokens.set(tokens.refreshToken);
    }
    // Renew when a quarter of the lifetime (at most a minute) is left: a login never races the expiry.
    const lifetime = Math.max(0, tokens.expiresAt - now());
    current = { token: tokens.accessToken, renewAt: tokens.expiresAt - Math.min(60_000, lifetime / 4) };
    return tokens.accessToken;
  };

  return {
    accessToken(options = {}) {
      if (inFlight) return inFlight;
      if (!options.fresh && current && now() < current.renewAt) return Promise.resolve(current.token);
      inFlight = renew().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
  };
}

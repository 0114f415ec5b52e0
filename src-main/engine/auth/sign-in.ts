import type { AccountConfig } from '../../../src-shared/domain.ts';
import type { OAuthSettings } from '../../../src-shared/account-auth.ts';
import { MailtroveError } from '../errors.ts';
import { secretKey, type SecretStore } from '../secrets/secret-store.ts';
import { codeFromRedirect, startLoopback } from './loopback.ts';
import { createPkce } from './pkce.ts';
import {
  authorizationUrl,
  exchangeCode,
  pollDeviceCode,
  startDeviceCode,
  type TokenSet,
} from './token-client.ts';
import { refreshTokenStore, type RefreshTokenStore } from './token-store.ts';

/** The keychain entry of an account's refresh token, apart from any password of the same account. */
export function accountRefreshTokens(store: SecretStore, account: AccountConfig): RefreshTokenStore {
  return refreshTokenStore(store, `oauth2:${secretKey(account)}`);
}

export interface BrowserSignIn {
  /** opens the system browser (never an embedded window: Google refuses those), or prints the URL */
  open(url: string): void | Promise<void>;
  /** `--no-browser`: the address the browser ended on, pasted by the user; raced with the listener */
  pasted?: Promise<string>;
  loginHint?: string;
  signal?: AbortSignal;
}

/**
 * The authorization-code flow with PKCE and state over a loopback redirect on 127.0.0.1 (an ephemeral
 * port). The caller opens the browser; with `pasted` the code may also come from a copied address.
 */
export async function signInWithBrowser(settings: OAuthSettings, how: BrowserSignIn): Promise<TokenSet> {
  const pkce = createPkce();
  const listener = await startLoopback(pkce.state, how.signal);
  try {
    const url = authorizationUrl(settings, {
      challenge: pkce.challenge,
      state: pkce.state,
      redirectUri: listener.redirectUri,
      ...(how.loginHint ? { loginHint: how.loginHint } : {}),
    });
    await how.open(url);
    const fromPaste = how.pasted?.then((address) => codeFromRedirect(address, pkce.state));
    const code = await (fromPaste ? Promise.race([listener.code, fromPaste]) : listener.code);
    return await exchangeCode(settings, code, pkce.verifier, listener.redirectUri);
  } finally {
    await listener.close();
  }
}

/** Microsoft's device-code flow for machines without a browser: `show` prints the provider's instructions. */
export async function signInWithDeviceCode(
  settings: OAuthSettings,
  show: (message: string) => void,
  signal?: AbortSignal,
): Promise<TokenSet> {
  const start = await startDeviceCode(settings);
  show(start.message);
  return pollDeviceCode(settings, start, signal);
}

/** Keeps a sign-in's refresh token in the keychain; the access token is not kept anywhere. */
export async function saveSignIn(tokens: RefreshTokenStore, signedIn: TokenSet): Promise<void> {
  if (signedIn.refreshToken === null) {
    throw new MailtroveError('auth', 'The provider signed you in but gave no refresh token.', {
      hint: 'Check that the request asks for offline access (Microsoft: offline_access; Google: consent).',
    });
  }
  await tokens.set(signedIn.refreshToken);
}

/** How MailTrove logs in to an account: the password in the keychain, or OAuth2 with a refresh token there. */
export type AccountAuth = { kind: 'password' } | OAuthSettings;

export type OAuthProvider = 'google' | 'microsoft' | 'generic';

/** Everything needed to get access tokens for an account; no secret (tokens live in the keychain). */
export interface OAuthSettings {
  kind: 'oauth2';
  provider: OAuthProvider;
  tokenUrl: string;
  /** where the browser signs in; null when only bring-your-own refresh tokens are used */
  authUrl: string | null;
  /** Microsoft's device-code endpoint, when the provider has one */
  deviceUrl: string | null;
  clientId: string;
  /** Google's "desktop app" secret ships with apps and is not secret; null for public clients */
  clientSecret: string | null;
  scope: string;
  /** Microsoft's authority: common, organizations, consumers or a tenant id */
  tenant: string | null;
}

export const PASSWORD_AUTH: AccountAuth = { kind: 'password' };

import { MailtroveError } from '../errors.ts';

/**
 * The provider no longer accepts the account's refresh token (`invalid_grant`: revoked, expired, password
 * changed) or there is none: only the user can fix it, by signing in again. Never retried.
 */
export class NeedsSignInError extends MailtroveError {
  readonly account: string;

  constructor(account: string, reason: string, cause?: unknown) {
    super('auth', `The account "${account}" needs sign-in: ${reason}`, {
      hint: `Sign in again with: mailtrove account login ${account}`,
      cause,
    });
    this.name = 'NeedsSignInError';
    this.account = account;
  }
}

export function isNeedsSignIn(error: unknown): error is NeedsSignInError {
  return error instanceof NeedsSignInError;
}

/** An OAuth2 error answer (RFC 6749 §5.2) other than invalid_grant, or a malformed one. */
export class OAuthError extends MailtroveError {
  readonly code: string;

  constructor(code: string, description: string | null, cause?: unknown) {
    super('auth', `The authorization server refused: ${code}${description ? ` (${description})` : ''}.`, {
      hint: 'Check the client id, token URL and scopes of the account.',
      cause,
    });
    this.name = 'OAuthError';
    this.code = code;
  }
}

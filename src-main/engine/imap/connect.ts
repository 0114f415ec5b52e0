import { ImapFlow } from 'imapflow';
import type { AccountConfig } from '../../../src-shared/domain.ts';
import { MailtroveError } from '../errors.ts';
import { rawValueLogger } from './raw-values.ts';

/** Gives IMAP logins an access token; `fresh` forces a new one (the server said the old one expired). */
export interface AccessTokenSource {
  accessToken(options?: { fresh?: boolean }): Promise<string>;
}

/** What logs in: a password, or (OAuth2) a source of access tokens asked afresh for each connection. */
export type Credential = string | AccessTokenSource;

export interface ConnectOptions {
  connectionTimeoutMs?: number;
  socketTimeoutMs?: number;
  /** OAuth2: ask for a new access token instead of the one in memory (the server said it expired) */
  freshToken?: boolean;
}

/** Opens an authenticated IMAP session, turning failures into errors a user can act on. */
export async function connectImap(
  account: AccountConfig,
  credential: Credential,
  options: ConnectOptions = {},
): Promise<ImapFlow> {
  if (typeof credential === 'string')
    return connectOnce(account, { user: account.user, pass: credential }, options);
  const token = await credential.accessToken({ fresh: options.freshToken === true });
  try {
    // imapflow uses OAUTHBEARER when the server offers it, else XOAUTH2.
    return await connectOnce(account, { user: account.user, accessToken: token }, options);
  } catch (error) {
    // A token refused although our clock says it is valid (revoked, clock skew): one fresh try.
    if (!(error instanceof MailtroveError) || error.kind !== 'auth' || options.freshToken) throw error;
    const fresh = await credential.accessToken({ fresh: true });
    return connectOnce(account, { user: account.user, accessToken: fresh }, options);
  }
}

type Login = { user: string; pass: string } | { user: string; accessToken: string };

async function connectOnce(account: AccountConfig, auth: Login, options: ConnectOptions): Promise<ImapFlow> {
  const log = rawValueLogger();
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.security === 'tls',
    // 'starttls' insists on the upgrade: credentials never cross the wire in clear by accident.
    doSTARTTLS: account.security === 'starttls' ? true : account.security === 'none' ? false : undefined,
    auth,
    logger: log.logger,
    disableAutoIdle: true,
    connectionTimeout: options.connectionTimeoutMs ?? 20_000,
    greetingTimeout: options.connectionTimeoutMs ?? 20_000,
    socketTimeout: options.socketTimeoutMs ?? 120_000,
  });
  log.attach(client);
  // An idle or broken socket reports errors as events; without a listener Node would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw describeConnectError(account, error, 'accessToken' in auth);
  }
  // imapflow rewrites SINCE/BEFORE into WITHIN's YOUNGER/OLDER (seconds relative to "now") when the server
  // offers it. The date filter wants the semantics of SEARCH SINCE/BEFORE on INTERNALDATE, stable across
  // runs, so the capability is hidden from the query compiler.
  client.capabilities.delete('WITHIN');
  return client;
}

interface ConnectFailure {
  authenticationFailed?: boolean;
  code?: string;
  responseText?: string;
  message?: string;
}

function describeConnectError(account: AccountConfig, error: unknown, oauth: boolean): MailtroveError {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as ConnectFailure;
  const where = `${account.host}:${account.port}`;
  if (failure.authenticationFailed) {
    const serverSays = failure.responseText ? ` (server: ${failure.responseText})` : '';
    return new MailtroveError(
      'auth',
      `The server ${where} rejected the login for ${account.user}${serverSays}.`,
      {
        hint: oauth
          ? `The server refused the access token; sign in again with: mailtrove account login ${account.name}`
          : 'Check the password (many providers need an app password). MailTrove does not retry, so the account is not locked.',
        cause: error,
      },
    );
  }
  const reason = failure.code
    ? `${failure.code}: ${failure.message ?? ''}`
    : (failure.message ?? String(error));
  const hints: Record<string, string> = {
    ECONNREFUSED: 'Nothing accepts connections there: check host, port and security.',
    ENOTFOUND: 'The host name does not resolve: check the spelling and the network.',
    ETIMEDOUT: 'The server did not answer in time: check the network, firewall and port.',
  };
  return new MailtroveError('connection', `Cannot connect to ${where}: ${reason.trim()}`, {
    hint:
      (failure.code && hints[failure.code]) ??
      'Check host, port, security (tls/starttls/none) and the network.',
    cause: error,
  });
}

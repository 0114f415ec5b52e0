import type { ImapFlow } from 'imapflow';
import type { AccountConfig } from '../../../src-shared/domain.ts';
import { connectImap, type ConnectOptions, type Credential } from './connect.ts';

/**
 * One logical IMAP session over as many connections as it takes: imapflow does not reconnect by itself,
 * so after a drop the session opens a fresh client and the import goes on from its checkpoint.
 */
export interface ImapSession {
  /** the live client; replaced by reconnect() */
  readonly client: ImapFlow;
  /** connections opened so far (1 + reconnects) */
  readonly connections: number;
  /**
   * closes the current client (if still open) and logs in again, with a new access token when `freshToken`
   * (OAuth2: the server ended the session because the token expired); auth failures throw MailtroveError('auth')
   */
  reconnect(options?: { freshToken?: boolean }): Promise<void>;
  /** cuts the current connection at once, e.g. when it stalls; the next command fails and is retried */
  abort(): void;
  close(): Promise<void>;
}

export async function openSession(
  account: AccountConfig,
  credential: Credential,
  options: ConnectOptions = {},
): Promise<ImapSession> {
  let client = await connectImap(account, credential, options);
  let connections = 1;
  return {
    get client() {
      return client;
    },
    get connections() {
      return connections;
    },
    async reconnect(again = {}) {
      client.close();
      // A closed ImapFlow cannot log in again: each reconnect is a new client with a current token.
      client = await connectImap(account, credential, { ...options, ...again });
      connections += 1;
    },
    abort() {
      client.close();
    },
    async close() {
      await client.logout().catch(() => {
        client.close();
      });
    },
  };
}

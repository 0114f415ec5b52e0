import type { ImapFlow } from 'imapflow';
import type { AccountConfig } from '../../../src-shared/domain.ts';
import { connectImap, type ConnectOptions } from './connect.ts';

/**
 * One logical IMAP session over as many connections as it takes: imapflow does not reconnect by itself,
 * so after a drop the session opens a fresh client and the import goes on from its checkpoint.
 */
export interface ImapSession {
  /** the live client; replaced by reconnect() */
  readonly client: ImapFlow;
  /** connections opened so far (1 + reconnects) */
  readonly connections: number;
  /** closes the current client (if still open) and logs in again; auth failures throw MailtroveError('auth') */
  reconnect(): Promise<void>;
  /** cuts the current connection at once, e.g. when it stalls; the next command fails and is retried */
  abort(): void;
  close(): Promise<void>;
}

export async function openSession(
  account: AccountConfig,
  password: string,
  options: ConnectOptions = {},
): Promise<ImapSession> {
  let client = await connectImap(account, password, options);
  let connections = 1;
  return {
    get client() {
      return client;
    },
    get connections() {
      return connections;
    },
    async reconnect() {
      client.close();
      client = await connectImap(account, password, options);
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

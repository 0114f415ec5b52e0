import type Database from 'better-sqlite3';
import { z } from 'zod';
import { PASSWORD_AUTH, type AccountAuth } from '../../../src-shared/account-auth.ts';
import { MailtroveError } from '../errors.ts';

const OAUTH_SETTINGS = z.object({
  kind: z.literal('oauth2'),
  provider: z.enum(['google', 'microsoft', 'generic']),
  tokenUrl: z.string(),
  authUrl: z.string().nullable(),
  deviceUrl: z.string().nullable(),
  clientId: z.string(),
  clientSecret: z.string().nullable(),
  scope: z.string(),
  tenant: z.string().nullable(),
});

/** How the account logs in: a password (no row value, as every account before OAuth2) or OAuth2. */
export function accountAuth(db: Database.Database, accountId: number): AccountAuth {
  const row = db.prepare('SELECT auth FROM accounts WHERE id = ?').get(accountId) as
    { auth: string | null } | undefined;
  if (!row) throw new MailtroveError('config', `No account with id ${accountId}.`);
  if (row.auth === null) return PASSWORD_AUTH;
  const parsed = OAUTH_SETTINGS.safeParse(JSON.parse(row.auth));
  if (!parsed.success) {
    throw new MailtroveError('config', "The account's sign-in settings in the archive are damaged.", {
      hint: 'Add the account again with its OAuth2 settings; the archived mail stays.',
    });
  }
  return parsed.data;
}

/** Records how the account logs in; the tokens themselves go to the keychain, never here. */
export function setAccountAuth(db: Database.Database, accountId: number, auth: AccountAuth): void {
  const value = auth.kind === 'password' ? null : JSON.stringify(OAUTH_SETTINGS.parse(auth));
  db.prepare('UPDATE accounts SET auth = ? WHERE id = ?').run(value, accountId);
}

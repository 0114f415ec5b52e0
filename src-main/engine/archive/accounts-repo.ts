import type Database from 'better-sqlite3';
import type { AccountConfig, Security } from '../../../src-shared/domain.ts';
import { MailtroveError } from '../errors.ts';

export interface StoredAccount extends AccountConfig {
  id: number;
  createdAt: number;
}

interface AccountRow {
  id: number;
  name: string;
  host: string;
  port: number;
  security: Security;
  user: string;
  created_at: number;
}

const toAccount = (row: AccountRow): StoredAccount => ({
  id: row.id,
  name: row.name,
  host: row.host,
  port: row.port,
  security: row.security,
  user: row.user,
  createdAt: row.created_at,
});

/** Adds an account; its name must be unused among live accounts. */
export function addAccount(db: Database.Database, account: AccountConfig): StoredAccount {
  if (findAccount(db, account.name)) {
    throw new MailtroveError('usage', `An account named "${account.name}" already exists.`, {
      hint: `Remove it first (mailtrove account remove ${account.name}) or pick another name.`,
    });
  }
  const createdAt = Date.now();
  const result = db
    .prepare('INSERT INTO accounts (name, host, port, security, user, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(account.name, account.host, account.port, account.security, account.user, createdAt);
  return { ...account, id: Number(result.lastInsertRowid), createdAt };
}

export function listAccounts(db: Database.Database): StoredAccount[] {
  const rows = db
    .prepare('SELECT * FROM accounts WHERE removed_at IS NULL ORDER BY name')
    .all() as AccountRow[];
  return rows.map(toAccount);
}

export function findAccount(db: Database.Database, name: string): StoredAccount | null {
  const row = db.prepare('SELECT * FROM accounts WHERE name = ? AND removed_at IS NULL').get(name) as
    AccountRow | undefined;
  return row ? toAccount(row) : null;
}

export function getAccount(db: Database.Database, name: string): StoredAccount {
  const account = findAccount(db, name);
  if (!account) {
    throw new MailtroveError('config', `No account named "${name}".`, {
      hint: 'See mailtrove account list, or add it with mailtrove account add.',
    });
  }
  return account;
}

/** Forgets the account's settings; the mail archived from it stays in the archive. */
export function removeAccount(db: Database.Database, name: string): StoredAccount {
  const account = getAccount(db, name);
  db.prepare('UPDATE accounts SET removed_at = ? WHERE id = ?').run(Date.now(), account.id);
  return account;
}

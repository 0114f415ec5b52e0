import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountAuth, setAccountAuth } from '../../src-main/engine/archive/account-auth-repo.ts';
import { getAccount } from '../../src-main/engine/archive/accounts-repo.ts';
import { MIGRATIONS, LATEST_VERSION } from '../../src-main/engine/archive/migrations/registry.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { genericSettings } from '../../src-main/engine/auth/providers.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-migrate-oauth-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('migration 0007-oauth', () => {
  it('keeps existing accounts on passwords and stores OAuth2 settings without tokens', () => {
    const file = path.join(dir, 'v6.sqlite');
    const v6 = new Database(file);
    v6.transaction(() => {
      for (const migration of MIGRATIONS.filter((m) => m.version <= 6)) migration.up(v6);
      v6.pragma('user_version = 6');
    })();
    v6.prepare(
      "INSERT INTO accounts (id, name, host, port, security, user, created_at) VALUES (1, 'a', 'h', 993, 'tls', 'u', 0)",
    ).run();
    v6.close();

    const db = openArchive(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const account = getAccount(db, 'a');
    expect(accountAuth(db, account.id)).toEqual({ kind: 'password' });
    const settings = genericSettings({
      tokenUrl: 'http://127.0.0.1:8/token',
      clientId: 'cid',
      scope: 'imap',
    });
    setAccountAuth(db, account.id, settings);
    expect(accountAuth(db, account.id)).toEqual(settings);
    setAccountAuth(db, account.id, { kind: 'password' });
    expect(accountAuth(db, account.id)).toEqual({ kind: 'password' });
    db.close();
  });

  it('refuses damaged settings with a clear error instead of logging in wrongly', () => {
    const db = openArchive(path.join(dir, 'new.sqlite'), { create: true });
    db.prepare(
      "INSERT INTO accounts (id, name, host, port, security, user, created_at, auth) VALUES (1, 'a', 'h', 993, 'tls', 'u', 0, '{\"kind\":\"oauth2\"}')",
    ).run();
    expect(() => accountAuth(db, 1)).toThrow(/damaged/);
    db.close();
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultImportOptions,
  type ImportOptions,
  type ImportProgress,
  type JobInfo,
} from '../../src-shared/domain.ts';
import { accountAuth, setAccountAuth } from '../../src-main/engine/archive/account-auth-repo.ts';
import { addAccount, type StoredAccount } from '../../src-main/engine/archive/accounts-repo.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { createCredentials } from '../../src-main/engine/auth/credentials.ts';
import { genericSettings } from '../../src-main/engine/auth/providers.ts';
import { accountRefreshTokens } from '../../src-main/engine/auth/sign-in.ts';
import { createJobManager } from '../../src-main/engine/jobs/job-manager.ts';
import type { JobManager } from '../../src-main/engine/jobs/types.ts';
import { createKeychainSecretStore } from '../../src-main/engine/secrets/keychain.ts';
import { createMemorySecretStore, type SecretStore } from '../../src-main/engine/secrets/secret-store.ts';
import { archiveContents, expectedContents } from '../support/archive-checks.ts';
import { generateCorpus, writeMaildir, type CorpusMessage } from '../support/corpus.ts';
import { dovecotAvailable, startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { accessTokenExpired, startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { keyringAvailable, startKeyring, type KeyringSession } from '../support/keyring.ts';
import { startOAuthServer, type OAuthTestServer } from '../support/oauth-server.ts';

const USER = 'olga';

const options = (overrides: Partial<ImportOptions> = {}): ImportOptions => ({
  ...defaultImportOptions(),
  batchSize: 20,
  ...overrides,
});

/**
 * Dovecot's oauth2 passdb asks the loopback authorization server about every token; the fault proxy in
 * front of Dovecot plays Exchange, ending sessions with its access-token-expired BYE.
 */
describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')('OAuth2 sign-in for imports', () => {
  let auth: OAuthTestServer;
  let dovecot: DovecotServer;
  let proxy: FaultProxy;
  let corpus: CorpusMessage[];
  let tmp: string;
  let keyring: KeyringSession | null = null;
  const busBefore = process.env['DBUS_SESSION_BUS_ADDRESS'];

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-oauth-'));
    // The real OS keychain where there is one: a private gnome-keyring this process talks to.
    if (keyringAvailable()) {
      keyring = await startKeyring();
      process.env['DBUS_SESSION_BUS_ADDRESS'] = keyring.env['DBUS_SESSION_BUS_ADDRESS'];
    }
    // Two-second access tokens: an import lives through several of them. Refresh tokens longer than
    // Windows' credential limit, so each is split across keychain entries.
    auth = await startOAuthServer({ accessTokenSeconds: 2, refreshTokenChars: 3000 });
    // The password is never used: logins here are OAuth2 only.
    dovecot = await startDovecot({
      users: [{ user: USER, password: 'unused-password' }],
      oauth2IntrospectionUrl: auth.introspectionUrl,
    });
    corpus = generateCorpus({ count: 240, bigAttachments: 0, seed: 20 });
    writeMaildir(dovecot.maildir(USER), corpus);
    proxy = await startFaultProxy({ host: dovecot.host, port: dovecot.port });
  });
  afterAll(async () => {
    await proxy.close();
    await dovecot.stop({ removeDir: true });
    await auth.close();
    await keyring?.stop();
    if (busBefore === undefined) delete process.env['DBUS_SESSION_BUS_ADDRESS'];
    else process.env['DBUS_SESSION_BUS_ADDRESS'] = busBefore;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** A fresh archive holding the OAuth2 account (signed in with a refresh token), and its job manager. */
  const setup = async (
    name: string,
  ): Promise<{
    db: Database.Database;
    dir: string;
    account: StoredAccount;
    store: SecretStore;
    jobs: JobManager;
    states: JobInfo[];
    progress: ImportProgress[];
    firstToken: string;
  }> => {
    const dir = path.join(tmp, name);
    const db = openArchive(dir, { create: true });
    const account = addAccount(db, {
      name: USER,
      host: proxy.host,
      port: proxy.port,
      security: 'none',
      user: USER,
    });
    setAccountAuth(db, account.id, genericSettings({ tokenUrl: auth.tokenUrl, clientId: auth.clientId }));
    // One keychain service per archive, so the two tests' entries never meet.
    const store = keyring ? createKeychainSecretStore(`mailtrove-test-${name}`) : createMemorySecretStore();
    const firstToken = auth.issueRefreshToken(USER);
    // What `account add --refresh-token-stdin` stores.
    await accountRefreshTokens(store, account).set(firstToken);
    const states: JobInfo[] = [];
    const progress: ImportProgress[] = [];
    const jobs = createJobManager({
      db,
      passwordFor: createCredentials({ store, authOf: (a) => accountAuth(db, a.id) }),
      onState: (job) => states.push(job),
      onProgress: (_id, p) => progress.push(p),
    });
    return { db, dir, account, store, jobs, states, progress, firstToken };
  };

  it('imports through expiry BYEs and token lifetimes, keeping only the rotated refresh token', async () => {
    const { db, dir, account, store, jobs, firstToken } = await setup('lifetimes');
    // Every fourth FETCH is answered with Exchange's expiry BYE instead of reaching the server.
    proxy.settings.throttleResponse = accessTokenExpired;
    proxy.settings.throttleEveryNthFetch = 4;
    const before = { refreshes: auth.stats.refreshes, byes: proxy.stats.throttled };
    try {
      const job = await jobs.start(USER, options());
      const done = await jobs.settled(job.id);
      expect(done.state).toBe('completed');
      const byes = proxy.stats.throttled - before.byes;
      expect(byes).toBeGreaterThanOrEqual(2);
      // New access tokens after the expiries (connections that expire together share one refresh).
      expect(auth.stats.refreshes - before.refreshes).toBeGreaterThanOrEqual(3);
      expect(archiveContents(dir)).toEqual(expectedContents(corpus));
      expect(done.summary?.failed ?? 0).toBe(0);
      // The keychain holds the newest refresh token, which the server accepts; the first one is spent.
      const stored = await accountRefreshTokens(store, account).get();
      expect(stored).not.toBe(firstToken);
      expect(auth.refreshTokenValid(stored ?? '')).toBe(true);
      expect(auth.refreshTokenValid(firstToken)).toBe(false);
      const reuse = await fetch(auth.tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: firstToken,
          client_id: auth.clientId,
        }),
      });
      expect(await reuse.json()).toMatchObject({ error: 'invalid_grant' });
    } finally {
      proxy.settings.throttleEveryNthFetch = null;
      await jobs.close();
      db.close();
    }
  });

  it('waits with "needs sign-in" when the sign-in is revoked, and completes after signing in again', async () => {
    const { db, dir, account, store, jobs, states, progress } = await setup('revoked');
    try {
      const job = await jobs.start(
        USER,
        options({ limits: { callsPerMinute: null, bytesPerSecond: 300_000, dailyBudgetBytes: null } }),
      );
      const deadline = Date.now() + 20_000;
      while (!progress.some((p) => p.overallDone >= 40)) {
        if (Date.now() > deadline) throw new Error('no progress within 20 s');
        await new Promise((r) => setTimeout(r, 10));
      }
      // The user removes MailTrove's access; the next session end needs a new token, which is refused.
      auth.revokeUser(USER);
      proxy.settings.throttleResponse = accessTokenExpired;
      proxy.settings.throttleEveryNthFetch = 1;
      const waiting = await jobs.settled(job.id);
      proxy.settings.throttleEveryNthFetch = null;
      expect(waiting.state).toBe('waiting');
      expect(waiting.waitingReason).toBe('needs sign-in');
      expect(states.some((s) => s.state === 'failed')).toBe(false);
      const partial = archiveContents(dir);
      expect(partial.memberships).toBeGreaterThan(0);
      expect(partial.memberships).toBeLessThan(expectedContents(corpus).memberships);

      // Signing in again stores a new refresh token; the job goes on from its checkpoints.
      await accountRefreshTokens(store, account).set(auth.issueRefreshToken(USER));
      await jobs.resume(job.id);
      const done = await jobs.settled(job.id);
      expect(done.state).toBe('completed');
      expect(archiveContents(dir)).toEqual(expectedContents(corpus));
    } finally {
      proxy.settings.throttleEveryNthFetch = null;
      await jobs.close();
      db.close();
    }
  });
});

/**
 * "Sign in with Google" in the window, in Chromium over `mailtrove serve`: the button opens the provider's
 * page in a new tab (the local authorization server stands in for Google), the user allows, the engine's
 * loopback listener receives the redirect and the account is saved with its refresh token in a real
 * keychain. Without a client id the window says what to do instead. Writes 14-sign-in.png to
 * docs/screenshots/ with MAILTROVE_SCREENSHOTS=1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, jsonLines, runCli } from '../support/cli.ts';
import { generateCorpus, writeMaildir } from '../support/corpus.ts';
import { dovecotAvailable, startDovecot, type DovecotServer } from '../support/dovecot.ts';
import { keyringAvailable, startKeyring, type KeyringSession } from '../support/keyring.ts';
import { CHROMIUM } from '../support/mail-frame.ts';
import { startOAuthServer, type OAuthTestServer } from '../support/oauth-server.ts';
import { ensureRendererBuilt, startServe, type ServeProcess } from '../support/serve.ts';

const skip = (!fs.existsSync(CHROMIUM) || !keyringAvailable()) && process.env['CI'] !== 'true';
const repoRoot = path.resolve(import.meta.dirname, '../..');
/** docs/screenshots/ with MAILTROVE_SCREENSHOTS=1, as the other window tests; else the test's own dir. */
const shotDir = (own: string): string =>
  process.env['MAILTROVE_SCREENSHOTS'] === '1' ? path.join(repoRoot, 'docs/screenshots') : own;

describe.skipIf(skip)('OAuth2 sign-in in the window', () => {
  let dir = '';
  let keyring: KeyringSession | undefined;
  let auth: OAuthTestServer | undefined;
  let browser: Browser | undefined;
  let dovecot: DovecotServer | undefined;
  const serves: ServeProcess[] = [];

  beforeAll(async () => {
    ensureRendererBuilt(repoRoot);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-oauth-window-'));
    keyring = await startKeyring();
    auth = await startOAuthServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    for (const serve of serves) await serve.stop();
    await dovecot?.stop({ removeDir: true });
    await auth?.close();
    await keyring?.stop();
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
  });

  const serveWith = async (archive: string, clientId: string) => {
    const serve = await startServe({
      archive,
      env: {
        ...keyring?.env,
        MAILTROVE_GOOGLE_CLIENT_ID: clientId,
        MAILTROVE_MICROSOFT_CLIENT_ID: '',
        MAILTROVE_TEST_OAUTH_BASE: auth?.url ?? '',
      },
    });
    serves.push(serve);
    return serve;
  };

  it('signs a Gmail account in through the provider page and saves it', async () => {
    if (!browser || !auth) throw new Error('not started');
    const archive = path.join(dir, 'signed-in');
    const serve = await serveWith(archive, auth.clientId);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await page.goto(serve.url);
      await page.getByText('No accounts yet').waitFor({ timeout: 15_000 });
      await page.getByLabel('Email address').fill('olga@gmail.com');
      const button = page.getByRole('button', { name: 'Sign in with Google' });
      await expect.poll(() => button.isEnabled()).toBe(true);
      await page.screenshot({ path: path.join(shotDir(dir), '14-sign-in.png') });

      const popup = page.waitForEvent('popup');
      await button.click();
      const provider = await popup;
      // The provider's page, with the address as the login hint; the user allows.
      await provider.waitForSelector('#allow', { timeout: 15_000 });
      expect(await provider.inputValue('input[name=user]')).toBe('olga@gmail.com');
      await provider.click('#allow');
      await provider.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/\?code=/);
      expect(await provider.textContent('h1')).toBe('Signed in');

      // The window moves on to the saved account; the archive knows it as an OAuth2 account.
      await page.getByRole('button', { name: 'Sign in with Google' }).waitFor({ state: 'detached' });
      const listed = json<{ name: string; host: string }[]>(
        await runCli(['--archive', archive, '--json', 'account', 'list'], { env: keyring?.env ?? {} }),
      );
      expect(listed).toEqual([expect.objectContaining({ name: 'olga@gmail.com', host: 'imap.gmail.com' })]);
      expect(auth.stats.codes).toBeGreaterThanOrEqual(1);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('says what to do when the build has no Google client id', async () => {
    if (!browser) throw new Error('not started');
    const serve = await serveWith(path.join(dir, 'no-client'), '');
    const page = await browser.newPage();
    try {
      await page.goto(serve.url);
      await page.getByText('No accounts yet').waitFor({ timeout: 15_000 });
      await page.getByLabel('Email address').fill('olga@gmail.com');
      await page.getByText('Sign-in with Google is not available in this build').waitFor();
      expect(await page.getByRole('button', { name: 'Sign in with Google' }).count()).toBe(0);
    } finally {
      await page.close();
    }
  }, 60_000);

  it.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')(
    'shows "needs sign-in" with Sign in again, which signs in and lets the waiting import finish',
    async () => {
      if (!browser || !auth || !keyring) throw new Error('not started');
      dovecot = await startDovecot({
        users: [{ user: 'olga', password: 'unused-password' }],
        oauth2IntrospectionUrl: auth.introspectionUrl,
      });
      writeMaildir(dovecot.maildir('olga'), generateCorpus({ count: 40, bigAttachments: 0, seed: 22 }));
      const archive = path.join(dir, 'needs-sign-in');
      const cli = (args: string[], input?: string) =>
        runCli(['--archive', archive, ...args], {
          env: { ...keyring?.env, MAILTROVE_PASSWORD: '' },
          ...(input === undefined ? {} : { input }),
          timeoutMs: 60_000,
        });
      const server = ['--host', dovecot.host, '--port', String(dovecot.port), '--security', 'none'];
      const oauth = ['--auth', 'oauth2', '--token-url', auth.tokenUrl, '--auth-url', auth.authUrl];
      const byo = await cli(
        [
          ...['account', 'add', 'work', ...server, '--user', 'olga', ...oauth],
          ...['--client-id', auth.clientId, '--refresh-token-stdin'],
        ],
        `${auth.issueRefreshToken('olga')}\n`,
      );
      expect(byo.code, byo.stderr).toBe(0);
      auth.revokeUser('olga');
      expect((await cli(['import', 'work'])).code).toBe(3);

      const serve = await serveWith(archive, auth.clientId);
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      try {
        await page.goto(serve.url);
        const again = page.getByRole('button', { name: 'Sign in again' });
        await again.waitFor({ timeout: 15_000 });
        expect(await page.getByTestId('job-state').textContent()).toBe('Needs sign-in');
        await page.screenshot({ path: path.join(shotDir(dir), '15-needs-sign-in.png') });

        const popup = page.waitForEvent('popup');
        await again.click();
        const provider = await popup;
        await provider.waitForSelector('#allow', { timeout: 15_000 });
        expect(await provider.inputValue('input[name=user]')).toBe('olga');
        await provider.click('#allow');
        await provider.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/\?code=/);

        // The engine resumes the waiting job at once; it completes with every message.
        await expect
          .poll(
            async () =>
              jsonLines<{ state: string }>(await cli(['--json', 'jobs', 'work'])).map((job) => job.state),
            { timeout: 60_000 },
          )
          .toEqual(['completed']);
        expect(await again.count()).toBe(0);
      } finally {
        await page.close();
      }
    },
    180_000,
  );
});

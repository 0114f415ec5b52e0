/**
 * "Retry now" in Chromium over `mailtrove serve`: an import backing off after the server said to slow
 * down (through a fault proxy in front of a real Dovecot) offers it beside the one live countdown, and
 * pressing it ends the wait at once: the import goes on and finishes. The backoff is set to minutes
 * (MAILTROVE_TEST_RETRY_BASE_MS), so only the button can finish it within the test's time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { gmailThrottled, startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { keyringAvailable, startKeyring, type KeyringSession } from '../support/keyring.ts';
import { CHROMIUM } from '../support/mail-frame.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';
import { ensureRendererBuilt, startServe, type ServeProcess } from '../support/serve.ts';

const skip =
  (!dovecotAvailable() || !keyringAvailable() || !fs.existsSync(CHROMIUM)) && process.env['CI'] !== 'true';
if (skip) console.warn('Skipping the "Retry now" e2e test: Dovecot, a keyring or Chromium is missing.');
const repoRoot = path.resolve(import.meta.dirname, '../..');

describe.skipIf(skip)('"Retry now" during a backoff', () => {
  let mailbox: TestMailbox | undefined;
  let proxy: FaultProxy | undefined;
  let serve: ServeProcess | undefined;
  let keyring: KeyringSession | undefined;
  let browser: Browser | undefined;
  let page!: Page;

  beforeAll(async () => {
    ensureRendererBuilt(repoRoot);
    mailbox = await startTestMailbox({ user: 'rita', corpus: { count: 40, seed: 4, now: new Date() } });
    proxy = await startFaultProxy({ host: mailbox.server.host, port: mailbox.server.port });
    keyring = await startKeyring();
    const archive = path.join(mailbox.tmp, 'archive');
    const added = await runCli(
      [
        ...[
          '--archive',
          archive,
          'account',
          'add',
          'rita',
          '--host',
          proxy.host,
          '--port',
          String(proxy.port),
        ],
        ...['--security', 'none', '--user', 'rita', '--password-stdin'],
      ],
      { env: { ...keyring.env, MAILTROVE_PASSWORD: '' }, input: mailbox.password },
    );
    expect(added.code, added.stderr).toBe(0);
    serve = await startServe({ archive, env: { ...keyring.env, MAILTROVE_TEST_RETRY_BASE_MS: '600000' } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serve.url);
    await page.getByRole('heading', { name: 'rita' }).waitFor({ timeout: 15_000 });
    await page.locator('.folder-row', { hasText: 'INBOX' }).first().waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await proxy?.close();
    await keyring?.stop();
    await mailbox?.stop();
  });

  it('ends the wait at once and the import finishes', async () => {
    if (proxy === undefined) throw new Error('no proxy');
    proxy.settings.throttleResponse = gmailThrottled;
    proxy.settings.throttleEveryNthFetch = 1;
    await page.getByLabel('Show a preview first (counts what is new, downloads nothing)').uncheck();
    await page.getByRole('button', { name: 'Everything', exact: true }).click();
    await page.getByRole('button', { name: 'Import selection' }).click();
    const retryNow = page.getByRole('button', { name: 'Retry now' });
    await retryNow.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('job-state').textContent()).toBe('Waiting');
    expect(await page.locator('.waiting [role="status"]').textContent()).toMatch(/^.+\. Try 1 in \d+ min/);
    // The server is willing again; without the button the import would wait minutes.
    proxy.settings.throttleEveryNthFetch = null;
    await retryNow.click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('.summary [data-count="failed"] dd').textContent()).toBe('0');
  }, 120_000);
});

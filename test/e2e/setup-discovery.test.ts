/**
 * Account setup finds the server itself, in Chromium over `mailtrove serve`: leaving the address field
 * searches (DNS SRV, then the usual names on 993/143, probed in parallel), says "Finding your server…"
 * with a Cancel that drops the answer, and fills server, port and security from what greeted. The test
 * hook MAILTROVE_TEST_IMAP_SRV makes the domain's `_imap._tcp` record name a local Dovecot.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dovecotAvailable } from '../support/dovecot.ts';
import { CHROMIUM } from '../support/mail-frame.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';
import { ensureRendererBuilt, startServe, type ServeProcess } from '../support/serve.ts';

const skip = (!dovecotAvailable() || !fs.existsSync(CHROMIUM)) && process.env['CI'] !== 'true';
if (skip) console.warn('Skipping the setup discovery e2e tests: Dovecot or Chromium is missing.');
const repoRoot = path.resolve(import.meta.dirname, '../..');
const shotDir =
  process.env['MAILTROVE_SCREENSHOTS'] === '1'
    ? path.join(repoRoot, 'docs/screenshots')
    : fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-discovery-shots-'));
const DISCOVER = '**/api/invoke/accounts%3Adiscover';

describe.skipIf(skip)('account setup finds the server', () => {
  let mailbox: TestMailbox | undefined;
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page!: Page;

  const typeAddress = async (address: string): Promise<void> => {
    await page.getByLabel('Email address').fill(address);
    await page.getByLabel('Email address').press('Tab');
  };

  beforeAll(async () => {
    ensureRendererBuilt(repoRoot);
    mailbox = await startTestMailbox({ user: 'ida', corpus: { count: 3, seed: 2, now: new Date() } });
    serve = await startServe({
      archive: path.join(mailbox.tmp, 'archive'),
      env: { MAILTROVE_TEST_IMAP_SRV: `${mailbox.server.host}:${mailbox.server.port}` },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serve.url);
    await page.getByText('No accounts yet').waitFor({ timeout: 15_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await mailbox?.stop();
  });

  it('says "Finding your server…" and Cancel keeps the form as it was', async () => {
    // The answer held back, as over a slow network, so the search can be seen and cancelled.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(DISCOVER, async (route) => {
      await held;
      await route.continue();
    });
    await typeAddress('ida@example.test');
    const status = page.getByRole('status').filter({ hasText: 'Finding your server for example.test…' });
    await status.waitFor();
    await status.getByRole('button', { name: 'Cancel' }).click();
    expect(await status.count()).toBe(0);
    const answered = page.waitForResponse(DISCOVER);
    release();
    await answered;
    await page.unroute(DISCOVER);
    // The late answer named the local server; cancelled, it changes nothing.
    expect(await page.getByLabel('IMAP server').inputValue()).toBe('imap.example.test');
    expect(await page.getByTestId('discovery-found').count()).toBe(0);
  });

  it('fills server, port and security from the server that greeted', async () => {
    const server = mailbox?.server;
    await typeAddress('ida@example.test');
    const found = page.getByTestId('discovery-found');
    await found.waitFor({ timeout: 15_000 });
    expect(await found.textContent()).toBe(
      `Found ${server?.host} on port ${server?.port} (STARTTLS), as the domain’s DNS records name it. Check it below.`,
    );
    expect(await page.getByLabel('IMAP server').inputValue()).toBe(server?.host);
    expect(await page.getByLabel('Port').inputValue()).toBe(String(server?.port));
    expect(await page.getByLabel('Security').inputValue()).toBe('starttls');
    await page.screenshot({ path: path.join(shotDir, '17-setup-discovery.png') });
  });

  it('leaves what the user typed alone', async () => {
    await page.getByLabel('IMAP server').fill('imap.mine.example');
    await typeAddress('ida@other.test');
    // The search does not run once the server is the user's own entry.
    expect(await page.getByRole('status').filter({ hasText: 'Finding your server' }).count()).toBe(0);
    expect(await page.getByLabel('IMAP server').inputValue()).toBe('imap.mine.example');
  });
});

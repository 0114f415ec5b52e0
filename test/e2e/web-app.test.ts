/**
 * Drives the real window in Chromium against `mailtrove serve` and a real Dovecot: add an account (a wrong
 * password first), folders, preview, "Import last year" to the end, pause / reload / resume, search a
 * planted word and open the message. Screenshots of each screen go to a temp dir, or to
 * docs/screenshots/ with MAILTROVE_SCREENSHOTS=1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import type { CorpusMessage } from '../support/corpus.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { keyringAvailable, startKeyring, type KeyringSession } from '../support/keyring.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';
import { ensureRendererBuilt, startServe, type ServeProcess } from '../support/serve.ts';

const CHROMIUM = '/usr/bin/chromium';
const missing = [dovecotAvailable() ? null : 'Dovecot', fs.existsSync(CHROMIUM) ? null : CHROMIUM].filter(
  (name) => name !== null,
);
const skip = missing.length > 0 && process.env['CI'] !== 'true';
if (skip) console.warn(`Skipping the web app e2e tests: ${missing.join(' and ')} not installed.`);

const repoRoot = path.resolve(import.meta.dirname, '../..');
const shotDir =
  process.env['MAILTROVE_SCREENSHOTS'] === '1'
    ? path.join(repoRoot, 'docs/screenshots')
    : fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-shots-'));

describe.skipIf(skip)('the window in a browser, over mailtrove serve', () => {
  let mailbox: TestMailbox | undefined;
  let keyring: KeyringSession | null = null;
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  // Set in beforeAll; the tests do not run without them.
  let page!: Page;
  let serveUrl = '';
  let word: CorpusMessage;

  const shot = async (name: string): Promise<void> => {
    // Let bars and fades settle so the picture shows what a person would see.
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(shotDir, `${name}.png`) });
  };

  beforeAll(async () => {
    ensureRendererBuilt(repoRoot);
    // `now` is today, so "last year" holds part of the corpus and "everything" holds more.
    mailbox = await startTestMailbox({
      user: 'erin',
      corpus: { count: 1200, seed: 42, now: new Date(), bigAttachments: 1 },
    });
    // A real (private) Secret Service when the machine has one; the server stores the password there.
    if (keyringAvailable()) keyring = await startKeyring();
    serve = await startServe({
      archive: path.join(mailbox.tmp, 'archive'),
      env: keyring?.env ?? {},
    });
    serveUrl = serve.url;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    const recent = Date.now() - 200 * 86_400_000;
    const found = mailbox.corpus.find(
      (m) =>
        m.kind === 'html' &&
        m.internalDate.getTime() > recent &&
        m.folders.some((f) => f !== 'Junk' && f !== 'Trash'),
    );
    if (found === undefined) throw new Error('the corpus has no recent HTML message in a default folder');
    word = found;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await keyring?.stop();
    await mailbox?.stop();
    console.info(`web app screenshots: ${shotDir}`);
  });

  it('opens on the empty state and adds an account, refusing a wrong password first', async () => {
    await page.goto(serveUrl);
    // On a busy machine the first render can take longer than poll's one-second default.
    await expect.poll(() => page.getByText('No accounts yet').isVisible(), { timeout: 15_000 }).toBe(true);
    // The server traded the token for a session cookie and redirected: the token is in no address,
    // no cookie and nothing a script on the page can read.
    expect(page.url()).not.toContain('token=');
    const token = new URL(serveUrl).searchParams.get('token') ?? '';
    const cookies = await page.context().cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ path: '/api', httpOnly: true, sameSite: 'Strict' });
    expect(cookies[0]?.value).not.toContain(token);
    expect(await page.evaluate<string>('document.cookie')).toBe('');
    await shot('01-add-account');

    if (mailbox === undefined) throw new Error('no mailbox');
    const { host, port } = mailbox.server;
    await page.getByLabel('Email address').fill('erin@example.org');
    await page.getByLabel('IMAP server').fill(host);
    await page.getByLabel('Security').selectOption('none');
    await page.getByLabel('Port').fill(String(port));
    await page.getByLabel('User name').fill(mailbox.user);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The connection test failed');
    await shot('02-wrong-password');

    await page.getByLabel('Password', { exact: true }).fill(mailbox.password);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Connected.').waitFor();
    await page.getByRole('button', { name: 'Save account' }).click();
    await page.getByRole('heading', { name: 'erin@example.org' }).waitFor();
  });

  it('shows the folder tree with badges, Junk and Trash unticked', async () => {
    const inbox = page.locator('.folder-row', { hasText: 'INBOX' }).first();
    await inbox.waitFor();
    expect(await inbox.textContent()).toContain('Inbox');
    expect(await inbox.getByRole('checkbox').isChecked()).toBe(true);
    const junk = page.locator('.folder-row', { hasText: 'Junk' }).first();
    expect(await junk.getByRole('checkbox').isChecked()).toBe(false);
    await shot('03-folders');
  });

  it('previews "Import last year", imports it and shows the summary', async () => {
    await page.getByRole('button', { name: 'Import last year' }).click();
    const preview = page.getByRole('table', { name: 'Import preview' });
    await preview.waitFor();
    expect(await preview.locator('tbody tr').count()).toBeGreaterThan(1);
    expect(await page.getByTestId('preview-estimate').textContent()).toContain('Estimated time');
    await shot('04-preview');

    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByTestId('job-state').waitFor();
    const summary = page.getByTestId('summary');
    await summary.waitFor({ timeout: 90_000 });
    expect(await page.getByRole('heading', { name: 'Import finished' }).isVisible()).toBe(true);
    const fetched = await summary
      .locator('.figure', { hasText: 'Downloaded now' })
      .locator('dd')
      .textContent();
    expect(Number((fetched ?? '0').replace(/\D/g, ''))).toBeGreaterThan(0);
    await shot('05-summary');
  }, 120_000);

  it('pauses an import, still shows it paused after a reload, and resumes it to the end', async () => {
    await page.getByRole('button', { name: 'Everything' }).click();
    await page.getByRole('button', { name: 'Import selection' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    const state = page.getByTestId('job-state');
    await expect.poll(() => state.textContent(), { timeout: 30_000 }).toBe('Paused');
    await shot('06-paused');

    await page.reload();
    await page.getByRole('heading', { name: 'erin@example.org' }).waitFor();
    await expect.poll(() => page.getByTestId('job-state').textContent(), { timeout: 10_000 }).toBe('Paused');
    // The window remembers the last choices: the date preset picked before the reload is still picked.
    await expect
      .poll(() => page.getByRole('button', { name: 'Everything' }).getAttribute('aria-pressed'))
      .toBe('true');

    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.getByTestId('job-state').textContent()).toMatch(/Importing|Starting/);
    await page.waitForTimeout(300);
    await shot('07-progress');
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 120_000 });
  }, 180_000);

  it('finds a planted word and opens the message in the safe viewer', async () => {
    await page.getByRole('button', { name: 'Search archive' }).click();
    const box = page.getByLabel('Search the archive');
    await box.fill(word.plantedWord);
    await box.press('Enter');
    const hit = page.locator('.hit').first();
    await hit.waitFor();
    expect(await page.locator('.hit').count()).toBe(1);
    expect(await hit.locator('mark').first().textContent()).toBe(word.plantedWord);

    await hit.click();
    const viewer = page.locator('.viewer');
    await viewer.waitFor();
    const frame = page.frameLocator('iframe.mail-frame');
    await expect.poll(() => frame.locator('body').textContent()).toContain(word.plantedWord);
    const iframe = page.locator('iframe.mail-frame');
    // No scripts and an opaque origin; remote images stay out until "Load images".
    expect(await iframe.getAttribute('sandbox')).toBe('');
    const srcdoc = (await iframe.getAttribute('srcdoc')) ?? '';
    expect(srcdoc).toContain("default-src 'none'");
    expect(srcdoc).not.toMatch(/<script|\ssrc="(https?:)?\/\//i);
    await shot('08-search-viewer');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('09-search-viewer-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Remote images come in only when the user asks, for this message: the frame's own CSP says so.
    // (The seeded corpus gives this planted word to a newsletter with remote images.)
    const loadImages = page.getByRole('button', { name: 'Load images' });
    expect(await loadImages.count()).toBe(1);
    await loadImages.click();
    await expect
      .poll(async () => (await iframe.getAttribute('srcdoc')) ?? '')
      .toContain('img-src data: https: http:');

    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.count()).toBe(0);
  });

  it('searches with an empty result and says so', async () => {
    const box = page.getByLabel('Search the archive');
    await box.fill('zzzznotawordanywhere');
    await box.press('Enter');
    await page.getByText('No matches.').waitFor();
  });

  it('signs in one browser only: the printed address opened again elsewhere says how to sign in', async () => {
    if (browser === undefined) throw new Error('no browser');
    // A fresh context has no cookies: another browser, or another person on this machine.
    const other = await browser.newContext();
    try {
      const stranger = await other.newPage();
      await stranger.goto(serveUrl);
      expect(stranger.url()).not.toContain('token=');
      await stranger.getByText('This page is not signed in to the MailTrove server.').waitFor();
      expect(await other.cookies()).toHaveLength(0);
    } finally {
      await other.close();
    }
    // The browser that signed in still is.
    await page.reload();
    await page.getByRole('heading', { name: 'erin@example.org' }).waitFor();
  });

  it('downloads the results as the same mbox the CLI exports, with no path box', async () => {
    if (mailbox === undefined) throw new Error('no mailbox');
    // The sign-in test before this one reloaded the page, which opens on the account view.
    await page.getByRole('button', { name: 'Search archive' }).click();
    const box = page.getByLabel('Search the archive');
    await box.fill(word.plantedWord);
    await box.press('Enter');
    await page.locator('.hit').first().waitFor();
    await page.getByText('Export these results…').click();
    // In a browser the export is a download: nothing asks for a path on the server's disk.
    expect(await page.getByLabel('Save to').count()).toBe(0);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download mbox' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^mailtrove-export-\d{4}-\d{2}-\d{2}\.mbox$/);
    const downloaded = path.join(mailbox.tmp, 'downloaded.mbox');
    await download.saveAs(downloaded);
    const cliOut = path.join(mailbox.tmp, 'cli.mbox');
    const archive = path.join(mailbox.tmp, 'archive');
    const cli = await runCli([
      '--archive',
      archive,
      'export',
      '--query',
      word.plantedWord,
      '--format',
      'mbox',
      '--out',
      cliOut,
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(fs.readFileSync(downloaded).equals(fs.readFileSync(cliOut))).toBe(true);
    await shot('10-export-download');
  });
});

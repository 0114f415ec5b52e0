/**
 * Search options in Chromium over `mailtrove serve`: folder: with an accented name typed plainly, sorting
 * by date beside relevance, and paging past the count's cap of 1,000 threads.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../support/mail-frame.ts';
import {
  BEST_SUBJECT,
  DIGEST_WORD,
  DIGESTS,
  NEWEST_SUBJECT,
  RANKED_WORD,
  seedSearchArchive,
  UNICODE_SUBJECT,
} from '../support/search-mail.ts';
import { ensureRendererBuilt, startServe, type ServeProcess } from '../support/serve.ts';

const skip = !fs.existsSync(CHROMIUM) && process.env['CI'] !== 'true';
if (skip) console.warn(`Skipping the search options e2e tests: ${CHROMIUM} not installed.`);
const repoRoot = path.resolve(import.meta.dirname, '../..');

describe.skipIf(skip)('search options in the window', () => {
  let archiveDir = '';
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page!: Page;

  const search = async (query: string): Promise<void> => {
    const box = page.getByLabel('Search the archive');
    await box.fill(query);
    await box.press('Enter');
  };
  const hits = (): Locator => page.locator('.hit');
  const firstSubject = (): Promise<string | null> => hits().first().locator('.hit-subject').textContent();
  const status = (): Promise<string | null> => page.locator('.results-count').textContent();

  beforeAll(async () => {
    ensureRendererBuilt(repoRoot);
    archiveDir = seedSearchArchive().dir;
    serve = await startServe({ archive: archiveDir });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serve.url);
    await page.getByRole('heading', { name: 'work' }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Search archive' }).click();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (archiveDir !== '') fs.rmSync(archiveDir, { recursive: true, force: true });
  });

  it('finds "Ünïcode Ordner" with folder:Unicode, accents and case folded', async () => {
    await search('folder:unicode');
    await expect.poll(status).toBe('1–1 of 1 thread, best match first');
    expect(await firstSubject()).toBe(UNICODE_SUBJECT);
  });

  it('sorts by date beside relevance, and back', async () => {
    await search(RANKED_WORD);
    await expect.poll(firstSubject).toBe(BEST_SUBJECT);
    const sort = page.getByRole('group', { name: 'Sort results' });
    await sort.getByRole('button', { name: 'Newest' }).click();
    await expect.poll(firstSubject).toBe(NEWEST_SUBJECT);
    expect(await status()).toBe('1–2 of 2 threads, newest first');
    expect(await sort.getByRole('button', { name: 'Newest' }).getAttribute('aria-pressed')).toBe('true');
    await sort.getByRole('button', { name: 'Best match' }).click();
    await expect.poll(firstSubject).toBe(BEST_SUBJECT);
  });

  it('pages past "more than 1,000 threads" to the last result', async () => {
    await page.getByRole('group', { name: 'Sort results' }).getByRole('button', { name: 'Newest' }).click();
    await search(DIGEST_WORD);
    await expect.poll(status).toBe('1–50 of more than 1,000 threads, newest first');
    expect(await firstSubject()).toBe(`Weekly ${DIGEST_WORD} ${DIGESTS}`);
    const next = page.getByRole('button', { name: 'Next 50 older →' });
    for (let shown = 50; shown <= 1_100; shown += 50) {
      await next.click();
      await expect.poll(status).toMatch(new RegExp(`^${(shown + 1).toLocaleString('en-US')}–`));
    }
    expect(await status()).toBe('1,101–1,120 of more than 1,000 threads, newest first');
    expect(await firstSubject()).toBe(`Weekly ${DIGEST_WORD} 20`);
    expect(await next.isDisabled()).toBe(true);
    await page.getByRole('button', { name: '← Newer' }).click();
    await expect.poll(status).toMatch(/^1,051–1,100 of/);
  }, 90_000);
});

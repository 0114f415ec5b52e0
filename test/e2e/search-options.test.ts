/**
 * Search options in Chromium over `mailtrove serve`: folder: with an accented name typed plainly, sorting
 * by date beside relevance, and paging past the count's cap of 1,000 threads.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BEST_SUBJECT,
  DIGEST_WORD,
  DIGESTS,
  NEWEST_SUBJECT,
  RANKED_WORD,
  seedSearchArchive,
  UNICODE_SUBJECT,
} from '../support/search-mail.ts';
import { chromiumMissing, windowSession } from '../support/window-session.ts';

const skip = chromiumMissing('search options');

describe.skipIf(skip)('search options in the window', () => {
  const session = windowSession();
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
    const archive = seedSearchArchive().dir;
    ({ page } = await session.openOnArchive({ archive, heading: 'work', headingTimeout: 15_000 }));
    await page.getByRole('button', { name: 'Search archive' }).click();
  }, 120_000);

  afterAll(() => session.close());

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

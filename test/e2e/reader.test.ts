/**
 * The reader's layout in Chromium over `mailtrove serve`: results and reader side by side (stacked when
 * narrow), a long thread's message opened in view and in place, names before addresses, the query's
 * words marked in the message, the keyboard (/, Ctrl+K, arrows, j/k, Enter, Escape), searching again,
 * a syntax error that clears the old results, and paging that says what it does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMMON_WORD,
  readerMessages,
  SINGLES,
  THREAD_SENDER,
  THREAD_SIZE,
  THREAD_WORD,
  THREAD_WORD_WRITTEN,
} from '../support/reader-mail.ts';
import { seedArchive } from '../support/viewer-mail.ts';
import { chromiumMissing, windowSession } from '../support/window-session.ts';

const skip = chromiumMissing('reader');
const repoRoot = path.resolve(import.meta.dirname, '../..');
const shotDir =
  process.env['MAILTROVE_SCREENSHOTS'] === '1'
    ? path.join(repoRoot, 'docs/screenshots')
    : fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-reader-shots-'));

interface Latency {
  /** what is clicked, then what must be on screen */
  click: string;
  visible: string;
}

/**
 * ms from a click to the first frame where `visible` is laid out, measured in the page itself. The page's
 * code is a string: these tests are compiled without the DOM's types.
 */
async function clickToVisible(page: Page, { click, visible }: Latency): Promise<number> {
  return page.evaluate<number>(`(async () => {
    const target = document.querySelector(${JSON.stringify(click)});
    if (target === null) throw new Error('nothing to click at ${click}');
    const start = performance.now();
    target.click();
    await new Promise((resolve) => {
      const tick = () => {
        const shown = document.querySelector(${JSON.stringify(visible)});
        if (shown !== null && shown.getBoundingClientRect().height > 0) resolve();
        else requestAnimationFrame(tick);
      };
      tick();
    });
    return performance.now() - start;
  })()`);
}

/** The part of `inner` outside `outer`'s box, in pixels (0: wholly inside). */
async function overflow(inner: Locator, outer: Locator): Promise<number> {
  const a = await inner.boundingBox();
  const b = await outer.boundingBox();
  if (a === null || b === null) throw new Error('not laid out');
  return Math.max(
    0,
    b.x - a.x,
    b.y - a.y,
    a.x + a.width - (b.x + b.width),
    a.y + a.height - (b.y + b.height),
  );
}

/** The id of the focused element, or its classes when it has none. */
const focused = (page: Page): Promise<string> =>
  page.evaluate<string>('document.activeElement?.id || document.activeElement?.className || ""');

describe.skipIf(skip)('the reader over mailtrove serve', () => {
  const session = windowSession();
  let page!: Page;

  const search = async (query: string): Promise<void> => {
    const box = page.getByLabel('Search the archive');
    await box.fill(query);
    await box.press('Enter');
  };
  const hits = (): Locator => page.locator('.hit');

  beforeAll(async () => {
    ({ page } = await session.openOnArchive({
      archive: seedArchive(readerMessages(3_400)).dir,
      heading: 'work',
      headingTimeout: 15_000,
      pageOptions: { colorScheme: 'light' },
    }));
  }, 180_000);

  afterAll(() => session.close());

  it('goes to the search box with / and with Ctrl+K from anywhere', async () => {
    await page.locator('body').press('/');
    await expect.poll(() => focused(page)).toBe('search-box');
    await page.getByRole('button', { name: 'work' }).focus();
    await page.keyboard.press('Control+k');
    await expect.poll(() => focused(page)).toBe('search-box');
  });

  it('shows 15 or more results at 1280×800, names before addresses, paging by relevance', async () => {
    await search(COMMON_WORD);
    await hits().first().waitFor();
    expect(await hits().count()).toBe(50);
    const pane = page.locator('.results-pane');
    let visible = 0;
    for (let i = 0; i < 30; i += 1) if ((await overflow(hits().nth(i), pane)) === 0) visible += 1;
    expect(visible).toBeGreaterThanOrEqual(15);

    expect(await hits().nth(3).locator('.hit-from').textContent()).toMatch(/^Sender \d+$/);
    expect(await page.getByRole('status').textContent()).toContain(
      `of ${SINGLES + 1} threads, best match first`,
    );
    const next = page.getByRole('button', { name: 'Next 50 matches →' });
    await next.click();
    await expect.poll(() => hits().count()).toBe(SINGLES + 1 - 50);
    expect(await page.getByRole('status').textContent()).toMatch(/^51–61 of/);
    await page.getByRole('button', { name: '← Better matches' }).click();
    await expect.poll(() => hits().count()).toBe(50);
  });

  it('opens a long thread beside the results with the matching message in view, in place, marked', async () => {
    await search(THREAD_WORD);
    const thread = hits().first();
    expect(await thread.locator('.hit-from').textContent()).toBe(THREAD_SENDER.name);
    expect(await thread.getAttribute('title')).toContain(THREAD_SENDER.address);
    await thread.click();
    const viewer = page.locator('.viewer');
    await viewer.waitFor();
    const results = await page.locator('.results-pane').boundingBox();
    const reader = page.locator('.reader');
    const readerBox = await reader.boundingBox();
    expect(readerBox?.x).toBeGreaterThanOrEqual((results?.x ?? 0) + (results?.width ?? 0));

    // The 30th of 33 messages: open inside the thread's list, its head scrolled into the reader's view.
    expect(await page.locator('.thread > li').count()).toBe(THREAD_SIZE);
    expect(await page.locator('.thread > li').nth(29).locator('.viewer').count()).toBe(1);
    await expect.poll(() => overflow(viewer.locator('h2'), reader)).toBe(0);
    expect(await page.locator('.thread-item[aria-expanded="true"]').count()).toBe(1);
    // The word as the message writes it, accent and capital, is marked.
    expect(await viewer.locator('.mail-text mark').first().textContent()).toBe(THREAD_WORD_WRITTEN);

    await page.screenshot({ path: path.join(shotDir, '11-reader.png') });

    // Another message of the thread opens in its place; the first one folds.
    await page.locator('.thread-item').nth(2).click();
    await expect.poll(() => page.locator('.thread > li').nth(2).locator('.viewer').count()).toBe(1);
    expect(await page.locator('.viewer').count()).toBe(1);
  });

  it('marks the words in an HTML message too', async () => {
    await search(`${COMMON_WORD} subject:"Note 7"`);
    await expect.poll(() => hits().count()).toBe(1);
    await hits().first().click();
    const frame = page.frameLocator('iframe.mail-frame');
    await expect.poll(() => frame.locator('mark', { hasText: COMMON_WORD }).count()).toBe(1);
    expect(await frame.locator('b mark').textContent()).toBe(COMMON_WORD);
  });

  it('moves through the results with the keyboard', async () => {
    await search(COMMON_WORD);
    await expect.poll(() => hits().count()).toBe(50);
    const box = page.getByLabel('Search the archive');
    await box.press('ArrowDown');
    const current = page.locator('.hit[aria-current="true"]');
    await expect.poll(() => current.count()).toBe(1);
    const focusedIndex = (): Promise<number> =>
      page.evaluate<number>("Array.from(document.querySelectorAll('.hit')).indexOf(document.activeElement)");
    expect(await focusedIndex()).toBe(0);
    await page.keyboard.press('j');
    await expect.poll(focusedIndex).toBe(1);
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedIndex).toBe(2);
    await page.keyboard.press('k');
    await expect.poll(focusedIndex).toBe(1);
    expect(await page.locator('.hit').nth(1).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('Enter');
    await page.locator('.viewer').waitFor();
    await expect.poll(() => focused(page)).toContain('reader');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.viewer').count()).toBe(0);
    expect(await focused(page)).toBe('search-box');
  });

  it('runs the same search again when Search is pressed again', async () => {
    let asked = 0;
    const count = (request: { url(): string }): void => {
      if (request.url().includes('/api/invoke/search%3Aquery')) asked += 1;
    };
    page.on('request', count);
    try {
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await expect.poll(() => asked).toBe(1);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await expect.poll(() => asked).toBe(2);
    } finally {
      page.off('request', count);
    }
  });

  it('clears the old results and their export when the query has a syntax error', async () => {
    await search(COMMON_WORD);
    await expect.poll(() => hits().count()).toBe(50);
    expect(await page.getByText('Export these results…').count()).toBe(1);
    await search('subject:');
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('There is a problem with the search');
    expect(await hits().count()).toBe(0);
    expect(await page.getByText('Export these results…').count()).toBe(0);
  });

  it('stacks the panes on a narrow window', async () => {
    await page.setViewportSize({ width: 900, height: 700 });
    try {
      await search(THREAD_WORD);
      await hits().first().click();
      await page.locator('.viewer').waitFor();
      const results = await page.locator('.results-pane').boundingBox();
      const reader = await page.locator('.reader').boundingBox();
      expect(reader?.y).toBeGreaterThanOrEqual((results?.y ?? 0) + (results?.height ?? 0));
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('fits 800×600 without clipping the dates, and follows a dark system theme', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    try {
      await search(THREAD_WORD);
      await hits().first().click();
      await page.locator('.viewer').waitFor();
      const date = hits().first().locator('.hit-date');
      expect(await overflow(date, page.locator('.results-pane'))).toBe(0);
      // Not cut short: the date's text is as wide as its box.
      expect(
        await page.evaluate<boolean>(
          "[...document.querySelectorAll('.hit-date')].every((el) => el.scrollWidth <= el.clientWidth)",
        ),
      ).toBe(true);
      expect(await overflow(page.locator('.viewer h2'), page.locator('.reader'))).toBe(0);
      await page.waitForTimeout(200);
      await page.screenshot({ path: path.join(shotDir, '13-reader-800x600.png') });
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      const background = await page.evaluate<string>(
        "getComputedStyle(document.querySelector('.reader .viewer')).backgroundColor",
      );
      const [r = 255, g = 255, b = 255] = (background.match(/\d+/g) ?? []).map(Number);
      expect(r + g + b).toBeLessThan(200);
      await page.waitForTimeout(200);
      await page.screenshot({ path: path.join(shotDir, '12-reader-dark.png') });
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });

  it('measures click-to-visible for search, a thread and a message (printed, not asserted)', async () => {
    await page.keyboard.press('Control+k');
    const searchBox = page.getByLabel('Search the archive');
    const runs: Record<string, number[]> = { search: [], thread: [], message: [] };
    for (let i = 0; i < 5; i += 1) {
      // A query with a syntax error first clears the results, so only the new answer can show a hit.
      await search('subject:');
      await expect.poll(() => hits().count()).toBe(0);
      await searchBox.fill(i % 2 === 0 ? THREAD_WORD : `${THREAD_WORD} budget`);
      runs['search']?.push(await clickToVisible(page, { click: '.search-bar button', visible: '.hit' }));
      runs['thread']?.push(await clickToVisible(page, { click: '.hit', visible: '.thread-view .viewer h2' }));
      runs['message']?.push(
        await clickToVisible(page, {
          click: `.thread > li:nth-child(${3 + i}) .thread-item`,
          visible: `.thread > li:nth-child(${3 + i}) .viewer h2`,
        }),
      );
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    console.info(
      `click-to-visible on ${THREAD_SIZE + SINGLES + 3_400} messages, median of 5 (ms): ` +
        Object.entries(runs)
          .map(([name, xs]) => `${name} ${median(xs).toFixed(0)} [${xs.map((x) => x.toFixed(0)).join(', ')}]`)
          .join('; '),
    );
    expect(runs['message']).toHaveLength(5);
  });
});

/**
 * One way to import, in Chromium over `mailtrove serve` and a real Dovecot: the selection (folders and
 * dates) with select all / none and a live total, "Import last year" as a preset that fills it and shows
 * the totals before anything starts (or starts at once when the preview is switched off), the primary
 * action always on screen, the account's removal after the import's actions, and "Pausing…".
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailboxWindowMissing, windowSession } from '../support/window-session.ts';

const skip = mailboxWindowMissing('import flow');

describe.skipIf(skip)('one import flow in the window', () => {
  const session = windowSession();
  let page!: Page;

  const total = async (): Promise<string> => (await page.getByTestId('selection-total').textContent()) ?? '';
  const ticked = (name: string): Promise<boolean> =>
    page.locator('.folder-row', { hasText: name }).first().getByRole('checkbox').isChecked();
  const inViewport = async (name: string): Promise<boolean> => {
    const box = await page.getByRole('button', { name, exact: true }).boundingBox();
    const size = page.viewportSize();
    return box !== null && size !== null && box.y >= 0 && box.y + box.height <= size.height;
  };
  const focusedText = (): Promise<string> =>
    page.evaluate<string>('document.activeElement?.textContent ?? ""');

  beforeAll(async () => {
    ({ page } = await session.openOnMailbox({
      user: 'kim',
      corpus: { count: 900, seed: 11, now: new Date() },
      headingTimeout: 15_000,
    }));
    await page.locator('.folder-row', { hasText: 'INBOX' }).first().waitFor();
  }, 180_000);

  afterAll(() => session.close());

  it('lists every folder in the page, not in a box of its own', async () => {
    const scrolls = await page.evaluate<boolean>(
      "(() => { const t = document.querySelector('.folder-tree'); return t.scrollHeight > t.clientHeight + 1; })()",
    );
    expect(scrolls).toBe(false);
  });

  it('totals the selection live, with select all and none', async () => {
    const first = await total();
    expect(first).toMatch(/^\d+ folders chosen: [\d,]+ messages, .+ on the server, all dates$/);
    await page.getByRole('button', { name: 'None', exact: true }).click();
    expect(await total()).toBe('Choose at least one folder.');
    expect(await page.getByRole('button', { name: 'Import selection' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'All', exact: true }).click();
    expect(await ticked('Junk')).toBe(true);
    const all = await total();
    expect(all).not.toBe(first);
    await page.locator('.folder-row', { hasText: 'INBOX' }).first().getByRole('checkbox').uncheck();
    expect(await total()).not.toBe(all);
    await page.getByRole('button', { name: 'All but Junk and Trash' }).click();
    expect(await total()).toBe(first);
  });

  it('keeps the primary action on screen and removing the account after it', async () => {
    expect(await inViewport('Import selection')).toBe(true);
    await page.getByRole('button', { name: 'Import selection' }).focus();
    await page.keyboard.press('Tab');
    expect(await focusedText()).toBe('Remove account…');
  });

  it('"Import last year" fills the selection and shows its totals before starting', async () => {
    // Something else chosen first: the preset replaces it on screen.
    await page.getByRole('button', { name: 'Everything', exact: true }).click();
    await page.locator('.folder-row', { hasText: 'INBOX' }).first().getByRole('checkbox').uncheck();
    await page.getByRole('button', { name: 'Import last year' }).click();
    const table = page.getByRole('table', { name: 'Import preview' });
    await table.waitFor();
    expect(await ticked('INBOX')).toBe(true);
    expect(
      await page.getByRole('button', { name: 'Last year', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    expect(await page.getByTestId('preview-choice').textContent()).toContain(
      'All folders except Junk and Trash',
    );
    expect(await focusedText()).toBe('Preview');
    expect(await page.getByTestId('job-state').count()).toBe(0);
    expect(await inViewport('Start import')).toBe(true);
    // Changing the selection drops the preview: it counted something else.
    await page.getByRole('button', { name: 'Last 7 days', exact: true }).click();
    expect(await table.count()).toBe(0);
    expect(await inViewport('Import selection')).toBe(true);
  });

  it('starts at once without the preview, and says "Pausing…" until the import has paused', async () => {
    await page.getByLabel('Show a preview first (counts what is new, downloads nothing)').uncheck();
    // The pause answer held back a moment, as on a slow link: the window must not look idle meanwhile.
    await page.route('**/api/invoke/jobs%3Apause', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    await page.getByRole('button', { name: 'Import last year' }).click();
    const state = page.getByTestId('job-state');
    await state.waitFor();
    expect(await page.getByRole('table', { name: 'Import preview' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => state.textContent()).toMatch(/^(Pausing…|Paused)$/);
    const seen = await state.textContent();
    await expect.poll(() => state.textContent(), { timeout: 30_000 }).toBe('Paused');
    await page.unroute('**/api/invoke/jobs%3Apause');
    expect(seen).toBe('Pausing…');
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 120_000 });
  }, 150_000);
});

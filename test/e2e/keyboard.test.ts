/**
 * The account view by keyboard alone, in Chromium over `mailtrove serve` and a real Dovecot: the folder
 * tree is one tab stop whose arrows move between folders and whose Space ticks one, and when an import
 * started from the keyboard ends, focus lands on its summary instead of falling to the page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailboxWindowMissing, windowSession } from '../support/window-session.ts';

const skip = mailboxWindowMissing('keyboard');

describe.skipIf(skip)('the account view by keyboard', () => {
  const session = windowSession();
  let page!: Page;

  /** The focused folder's path, or '' when focus is not on a folder. */
  const focusedFolder = (): Promise<string> =>
    page.evaluate<string>('document.activeElement?.getAttribute("data-path") ?? ""');
  const ticked = (folder: string): Promise<boolean> =>
    page.locator(`input[data-path="${folder}"]`).isChecked();

  beforeAll(async () => {
    ({ page } = await session.openOnMailbox({
      user: 'kay',
      corpus: { count: 60, seed: 8, now: new Date() },
      headingTimeout: 15_000,
    }));
    await page.locator('.folder-row', { hasText: 'INBOX' }).first().waitFor();
  }, 180_000);

  afterAll(() => session.close());

  it('makes the folder tree one tab stop with arrows between folders and Space to tick', async () => {
    const boxes = page.locator('.folder-tree input[type="checkbox"]');
    expect(await boxes.count()).toBeGreaterThan(3);
    expect(await page.locator('.folder-tree input[tabindex="0"]').count()).toBe(1);
    // From the button before the tree, one Tab enters it at INBOX.
    await page.getByRole('button', { name: 'All but Junk and Trash' }).focus();
    await page.keyboard.press('Tab');
    expect(await focusedFolder()).toBe('INBOX');
    await page.keyboard.press('ArrowDown');
    const second = await focusedFolder();
    expect(second).not.toBe('INBOX');
    expect(second).not.toBe('');
    const before = await ticked(second);
    await page.keyboard.press('Space');
    expect(await ticked(second)).toBe(!before);
    await page.keyboard.press('End');
    const last = await focusedFolder();
    expect(last).toBe(await boxes.last().getAttribute('data-path'));
    await page.keyboard.press('Home');
    expect(await focusedFolder()).toBe('INBOX');
    // The tree keeps its place: leaving and coming back lands on the folder last visited.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    expect(await focusedFolder()).toBe('');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedFolder()).toBe(second);
  });

  it('puts focus on the summary when an import started from the keyboard ends', async () => {
    await page.getByLabel('Show a preview first (counts what is new, downloads nothing)').uncheck();
    await page.getByRole('button', { name: 'Everything', exact: true }).click();
    await page.getByRole('button', { name: 'Import selection' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.evaluate<string>('document.activeElement?.textContent ?? ""'))
      .toBe('Import finished');
  }, 90_000);
});

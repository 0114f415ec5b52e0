/**
 * The completeness view in Chromium over `mailtrove serve` and a real Dovecot: per folder what the server
 * had in range against what is archived, every gap with its cause (as `mailtrove status` knows it), and
 * the view brought up to date when an import in the window finishes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailboxWindowMissing, windowSession } from '../support/window-session.ts';

const skip = mailboxWindowMissing('completeness');
const repoRoot = path.resolve(import.meta.dirname, '../..');
const shotDir =
  process.env['MAILTROVE_SCREENSHOTS'] === '1'
    ? path.join(repoRoot, 'docs/screenshots')
    : fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-completeness-shots-'));

describe.skipIf(skip)('completeness per account in the window', () => {
  const session = windowSession();
  let page!: Page;
  let inboxCount = 0;

  const cell = (folder: string, name: string): Promise<string | null> =>
    page
      .getByRole('table', { name: 'Completeness per folder' })
      .locator(`tr[data-folder="${folder}"] [data-cell="${name}"]`)
      .textContent();

  beforeAll(async () => {
    ({ page } = await session.openOnMailbox({
      user: 'cleo',
      corpus: { count: 120, seed: 5, now: new Date() },
      headingTimeout: 15_000,
      beforeServe: async ({ mailbox, archive }) => {
        inboxCount = mailbox.corpus.filter((m) => m.folders.includes('INBOX')).length;
        // A first import stopped short by a limit: the archive knows exactly which messages are not in it.
        const first = await mailbox.cli(archive, [
          'import',
          'cleo',
          '--folders',
          'INBOX',
          '--max-messages',
          '10',
        ]);
        expect(first.code, first.stderr).toBe(0);
      },
    }));
  }, 180_000);

  afterAll(() => session.close());

  it('shows the server against the archive per folder, and each gap with its cause', async () => {
    await page.getByRole('heading', { name: 'Completeness' }).waitFor();
    expect(await cell('INBOX', 'state')).toBe('Incomplete');
    expect(await cell('INBOX', 'onServer')).toBe(String(inboxCount));
    expect(await cell('INBOX', 'archived')).toBe('10');
    expect(await cell('INBOX', 'missing')).toBe(String(inboxCount - 10));
    const gap = page.locator('.gaps li[data-folder="INBOX"][data-cause="filtered"]');
    expect(await gap.textContent()).toContain(`${inboxCount - 10} left for later by the message limit`);
    expect(await page.getByTestId('completeness-headline').textContent()).toMatch(
      /^0 of 1 imported folders are complete\.$/,
    );
    await page.getByRole('heading', { name: 'Completeness' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shotDir, '16-completeness.png') });
    // Folders never imported are counted, not listed as rows of dashes.
    expect(await page.locator('.completeness-table tr[data-folder="Sent"]').count()).toBe(0);
  });

  it('is up to date once an import in the window finishes', async () => {
    await page.getByLabel('Show a preview first (counts what is new, downloads nothing)').uncheck();
    await page.getByRole('button', { name: 'None', exact: true }).click();
    await page.locator('.folder-row', { hasText: 'INBOX' }).first().getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Everything', exact: true }).click();
    await page.getByRole('button', { name: 'Import selection' }).click();
    // The CLI's run was "finished" too: the new one is done when its summary has the earlier ten.
    await expect
      .poll(() => page.locator('.summary [data-count="alreadyArchived"] dd').textContent(), {
        timeout: 60_000,
      })
      .toBe('10');
    await expect.poll(() => cell('INBOX', 'state')).toBe('Complete');
    expect(await cell('INBOX', 'archived')).toBe(String(inboxCount));
    expect(await cell('INBOX', 'missing')).toBe('0');
    expect(await page.locator('.gaps').count()).toBe(0);
    expect(await page.getByTestId('completeness-headline').textContent()).toMatch(
      /^Everything the server had in range is archived, in the one imported folder\./,
    );
  }, 90_000);
});

/**
 * The window shows the numbers `--json` gives: the preview against `import --dry-run --json` with the same
 * folders and dates, the paused and the finished import against `jobs --json`, in Chromium over
 * `mailtrove serve` and a real Dovecot. A preview's "to download" is what the import then downloads.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figureValue } from '../../src-shared/count-figures.ts';
import { isEstimate, settled, type CountKey } from '../../src-shared/counts.ts';
import type { FolderInfo, ImportSummary, JobInfo } from '../../src-shared/domain.ts';
import { json, jsonLines } from '../support/cli.ts';
import type { TestMailbox } from '../support/mailbox.ts';
import { mailboxWindowMissing, windowSession } from '../support/window-session.ts';

const skip = mailboxWindowMissing();

/** "1,234" → 1234 */
const number = async (cell: Locator): Promise<number> =>
  Number(((await cell.textContent()) ?? '').replace(/[^\d]/g, ''));

describe.skipIf(skip)('the window and --json show the same numbers', () => {
  const session = windowSession();
  let mailbox: TestMailbox | undefined;
  let page!: Page;
  let archive = '';
  const cli = (args: string[]) => {
    if (mailbox === undefined) throw new Error('no mailbox');
    return mailbox.cli(archive, args);
  };
  const job = async (): Promise<JobInfo> => {
    const jobs = jsonLines<JobInfo>(await cli(['jobs', 'lee', '--json']));
    const latest = jobs[0];
    if (latest === undefined) throw new Error('no job');
    return latest;
  };

  beforeAll(async () => {
    ({ mailbox, archive, page } = await session.openOnMailbox({
      user: 'lee',
      // Big enough that a pause lands mid-import; `now` is today, so "last year" holds part of it.
      corpus: { count: 1200, seed: 5, now: new Date(), bigAttachments: 2 },
      pageOptions: { viewport: { width: 1280, height: 900 } },
    }));
    await page.locator('.folder-row', { hasText: 'INBOX' }).first().waitFor();
  }, 180_000);

  afterAll(() => session.close());

  it('previews the folders and dates on screen, as `import --dry-run --json` counts them', async () => {
    // The reported case: INBOX unticked, a shorter range chosen.
    await page.locator('.folder-row', { hasText: 'INBOX' }).first().getByRole('checkbox').uncheck();
    await page.getByRole('button', { name: 'Last year', exact: true }).click();
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const table = page.getByRole('table', { name: 'Import preview' });
    await table.waitFor({ timeout: 60_000 });
    const choice = (await page.getByTestId('preview-choice').textContent()) ?? '';
    const since = /since (\d{4}-\d{2}-\d{2})/.exec(choice)?.[1];
    expect(since, choice).toBeDefined();

    const folders = json<FolderInfo[]>(await cli(['folders', 'lee', '--json']))
      .filter((f) => f.defaultSelected && f.selectable && f.path !== 'INBOX')
      .map((f) => f.path)
      .sort();
    const expected = json<ImportSummary>(
      await cli([
        'import',
        'lee',
        '--dry-run',
        '--json',
        '--since',
        since ?? '',
        '--folders',
        folders.join(','),
      ]),
    );
    expect(expected.folders.map((f) => f.path).sort()).toEqual(folders);
    expect(expected.toFetch).toBeLessThan(1200);
    for (const folder of [...expected.folders, { ...expected, path: '' }]) {
      const row = table.locator(`tr[data-folder="${folder.path}"]`);
      for (const key of ['inRange', 'alreadyArchived', 'toFetch'] as const) {
        expect(await number(row.locator(`[data-count="${key}"]`)), `${folder.path || 'total'} ${key}`).toBe(
          folder[key],
        );
      }
    }
    expect(await table.locator('tr[data-folder="INBOX"]').count()).toBe(0);
  });

  it('imports it: the summary shows `jobs --json`, and downloads what the preview said', async () => {
    const toFetch = await number(page.locator('tfoot [data-count="toFetch"]'));
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 120_000 });
    const { summary } = await job();
    if (summary === null) throw new Error('no summary');
    expect(summary.fetched).toBe(toFetch);
    const figures = page.getByTestId('summary');
    for (const key of [
      'inRange',
      'alreadyArchived',
      'toFetch',
      'fetched',
      'new',
      'sameContent',
      'failed',
    ] as const) {
      expect(await number(figures.locator(`[data-count="${key}"] dd`)), key).toBe(summary[key]);
    }
  }, 150_000);

  it('pauses "everything": the paused numbers are the paused job\'s, and they add up after the resume', async () => {
    await page.locator('.folder-row', { hasText: 'INBOX' }).first().getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Everything', exact: true }).click();
    await page.getByRole('button', { name: 'Import selection' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.getByTestId('job-state').textContent(), { timeout: 30_000 }).toBe('Paused');
    const paused = (await job()).summary;
    if (paused === null) throw new Error('a paused job has a summary');
    const overall = (await page.getByTestId('overall-messages').textContent()) ?? '';
    console.info(`paused: "${overall}"; jobs --json: ${settled(paused)} settled of ${paused.toFetch}`);
    const atLeast = isEstimate(paused) ? 'at least ' : '';
    expect(overall).toBe(
      `${settled(paused).toLocaleString('en-US')} of ${atLeast}${paused.toFetch.toLocaleString('en-US')} messages`,
    );
    for (const folder of paused.folders) {
      const row = page.locator(`.folder-bars li[data-folder="${folder.path}"] .folder-bar-numbers`);
      expect(await row.textContent(), folder.path).toMatch(
        new RegExp(
          `^${settled(folder).toLocaleString('en-US')} / ${folder.toFetch.toLocaleString('en-US')} `,
        ),
      );
    }

    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 150_000 });
    const { summary } = await job();
    if (summary === null) throw new Error('no summary');
    const keys: CountKey[] = ['inRange', 'alreadyArchived', 'toFetch', 'fetched', 'new', 'sameContent'];
    for (const key of keys) {
      expect(await number(page.getByTestId('summary').locator(`[data-count="${key}"] dd`)), key).toBe(
        figureValue(summary, key),
      );
    }
    expect(summary.alreadyArchived + summary.leftOut + summary.toFetch).toBe(summary.inRange);
    expect(summary.new + summary.sameContent).toBe(summary.fetched);
    expect(summary.fetched + summary.failed + summary.vanished).toBe(summary.toFetch);
    // Mail of the first import is counted as already in the archive, not downloaded again.
    expect(summary.alreadyArchived).toBeGreaterThan(0);
  }, 200_000);
});

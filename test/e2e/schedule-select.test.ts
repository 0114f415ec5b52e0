/** The "Keep this account up to date" select in the real window, over `mailtrove serve`. */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dovecotAvailable } from '../support/dovecot.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';
import { ensureRendererBuilt, startServe, type ServeProcess } from '../support/serve.ts';

const CHROMIUM = '/usr/bin/chromium';
const repoRoot = path.resolve(import.meta.dirname, '../..');
const skip = (!dovecotAvailable() || !fs.existsSync(CHROMIUM)) && process.env['CI'] !== 'true';

describe.skipIf(skip)('the schedule select in the window', () => {
  let mailbox: TestMailbox | undefined;
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page!: Page;
  let archive = '';

  beforeAll(async () => {
    ensureRendererBuilt(repoRoot);
    mailbox = await startTestMailbox({
      user: 'kit',
      corpus: { count: 5, bigAttachments: 0, now: new Date() },
    });
    archive = await mailbox.newArchive('archive');
    serve = await startServe({ archive });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serve.url);
    await page.getByRole('heading', { name: 'kit' }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await mailbox?.stop();
  });

  it('shows off, saves the choice beside the archive, and shows it again after a reload', async () => {
    const select = page.getByLabel('Keep this account up to date');
    await expect.poll(() => select.inputValue()).toBe('off');
    await select.selectOption('weekly');
    const file = path.join(archive, 'schedules.json');
    await expect
      .poll(() => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''))
      .toMatch(/"kit": "weekly"/);
    await page.reload();
    await page.getByRole('heading', { name: 'kit' }).waitFor();
    await expect.poll(() => page.getByLabel('Keep this account up to date').inputValue()).toBe('weekly');
  });
});

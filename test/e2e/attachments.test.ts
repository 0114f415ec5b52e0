/**
 * Attachments in the viewer, in Chromium over `mailtrove serve`: an image labelled octet-stream is typed by
 * its name and previewed in place (decoded, as a data: image); a PDF and an SVG are offered for saving
 * only; saving is the browser's download with the stored bytes and a safe name.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../support/mail-frame.ts';
import { ensureRendererBuilt, startServe, type ServeProcess } from '../support/serve.ts';
import { seedArchive } from '../support/viewer-mail.ts';

const skip = !fs.existsSync(CHROMIUM) && process.env['CI'] !== 'true';
if (skip) console.warn(`Skipping the attachments e2e tests: ${CHROMIUM} not installed.`);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const shotDir =
  process.env['MAILTROVE_SCREENSHOTS'] === '1'
    ? path.join(repoRoot, 'docs/screenshots')
    : fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-attachments-shots-'));

const WORD = 'attachmentsdemo';
/** A 160×100 checkerboard PNG. */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAKAAAABkCAIAAACO1KzYAAABDklEQVR42u3csQkAIAxFwWzkaG5sZesIQnZIkSIc2H941wZj7VN+9/3ys9uzG0IDFhqw0IABA7YL2C5gu4ABCw1YaMBCA7YL2C5gu4ABCw1YaMBCAwbcCizW7F3AgIUGLDRgwIDtArYL2C5gwEIDFhqw0IDtArYL2C5gwEIDFhqw0IAB9wKL5apSaMBCAwYM2C5gu4DtAgYsNGChAQsN2C5gu4DtAgYsNGChAQsNGDBgu/7Jsuuq0i5gwEIDFhqw0IDtArYL2C5gwEIDFhqw0IDtArYL2C5gwEIDFhqw0P7JguSq0i5gu4DtAgYsNGChAQsN2C5gu4DtAgYsNGChAQsNGDBgu4DtAgYs9OjdBDQXEFuvRvTmAAAAAElFTkSuQmCC';
const PDF = Buffer.from('%PDF-1.4\n% a report\n', 'latin1');
const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>parent.pwned=1</script></svg>';

const part = (type: string, name: string, base64: string): string[] => [
  '--b',
  `Content-Type: ${type}; name="${name}"`,
  'Content-Transfer-Encoding: base64',
  `Content-Disposition: attachment; filename="${name}"`,
  '',
  base64,
];
const MAIL = Buffer.from(
  [
    'From: Ann <ann@files.example>',
    'To: Bob <bob@example.org>',
    `Subject: The ${WORD} files`,
    'Message-ID: <files1@files.example>',
    'Date: Thu, 4 Jan 2024 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Here are the ${WORD} files.`,
    // Mailers often label every file octet-stream: the name says what it is.
    ...part('application/octet-stream', 'scan.png', PNG_BASE64),
    ...part('application/octet-stream', 'report.pdf', PDF.toString('base64')),
    ...part('image/svg+xml', 'drawing.svg', Buffer.from(SVG).toString('base64')),
    '--b--',
    '',
  ].join('\r\n'),
);

describe.skipIf(skip)('attachments in the viewer', () => {
  let archiveDir = '';
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page!: Page;

  const row = (name: string) => page.locator('.attachments li', { hasText: name });

  beforeAll(async () => {
    ensureRendererBuilt(repoRoot);
    archiveDir = seedArchive([MAIL]).dir;
    serve = await startServe({ archive: archiveDir });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    await page.goto(serve.url);
    await page.getByRole('button', { name: 'Search archive' }).click();
    const box = page.getByLabel('Search the archive');
    await box.fill(WORD);
    await box.press('Enter');
    await page.locator('.hit').first().click();
    await page.locator('.attachments').waitFor({ timeout: 15_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (archiveDir !== '') fs.rmSync(archiveDir, { recursive: true, force: true });
  });

  it('types files by name when the mail says octet-stream', async () => {
    expect(await row('scan.png').locator('.muted').textContent()).toMatch(/^image\/png · /);
    expect(await row('report.pdf').locator('.muted').textContent()).toMatch(/^application\/pdf · /);
  });

  it('previews an image in place, decoded, and hides it again', async () => {
    await row('scan.png').getByRole('button', { name: 'Preview' }).click();
    const image = row('scan.png').getByRole('img', { name: 'scan.png' });
    await image.waitFor();
    expect(await image.getAttribute('src')).toBe(`data:image/png;base64,${PNG_BASE64}`);
    await expect
      .poll(() => page.evaluate<number>('document.querySelector(".attachment-preview img").naturalWidth'))
      .toBe(160);
    await page.screenshot({ path: path.join(shotDir, '18-attachment-preview.png') });
    await row('scan.png').getByRole('button', { name: 'Hide preview' }).click();
    expect(await image.count()).toBe(0);
  });

  it('offers no preview for a PDF or an SVG (which can hold script)', async () => {
    expect(await row('report.pdf').getByRole('button', { name: 'Preview' }).count()).toBe(0);
    expect(await row('drawing.svg').getByRole('button', { name: 'Preview' }).count()).toBe(0);
    expect(await page.evaluate('"pwned" in window')).toBe(false);
  });

  it('saves through the browser download with the stored bytes', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row('report.pdf').getByRole('button', { name: 'Save report.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('report.pdf');
    const saved = await download.path();
    expect(fs.readFileSync(saved)).toEqual(PDF);
  });
});

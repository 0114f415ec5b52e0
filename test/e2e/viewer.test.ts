/**
 * The message viewer in the real window, in Chromium, over `mailtrove serve`: a multipart/related mail
 * shows its cid: logo from its own part before anything remote is allowed, and after "Load images" the
 * remote image loads while no request from the mail reaches the app's server. Chromium goes through a
 * recording proxy that passes requests for this machine on to the server (Playwright's request events
 * do not see a sandboxed frame's requests), so every request that reached the app is on its list.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../support/mail-frame.ts';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy.ts';
import { ensureRendererBuilt, startServe, type ServeProcess } from '../support/serve.ts';
import { RELATED_MAIL, RELATED_WORD, seedArchive } from '../support/viewer-mail.ts';

const skip = !fs.existsSync(CHROMIUM) && process.env['CI'] !== 'true';
if (skip) console.warn(`Skipping the viewer e2e tests: ${CHROMIUM} not installed.`);

const repoRoot = path.resolve(import.meta.dirname, '../..');

interface FrameGlobals {
  document: { getElementById(id: string): { naturalWidth?: number } | null };
}

describe.skipIf(skip)('the message viewer over mailtrove serve', () => {
  let archiveDir = '';
  let serve: ServeProcess | undefined;
  let proxy: RecordingProxy | undefined;
  let browser: Browser | undefined;
  let page!: Page;
  let origin = '';

  /** Requests for the app's server that the mail put there: anything named leak-… */
  const leaks = (): string[] => (proxy?.loopback ?? []).filter((url) => url.includes('leak-'));

  const mailFrame = async (): Promise<Frame> => {
    const handle = await page.locator('iframe.mail-frame').elementHandle();
    const frame = await handle.contentFrame();
    if (frame === null) throw new Error('the viewer shows no mail frame');
    return frame;
  };

  const imageWidth = async (id: string): Promise<number> =>
    (await mailFrame()).evaluate((imageId) => {
      const image = (globalThis as unknown as FrameGlobals).document.getElementById(imageId);
      return image?.naturalWidth ?? -1;
    }, id);

  beforeAll(async () => {
    ensureRendererBuilt(repoRoot);
    archiveDir = seedArchive([RELATED_MAIL]).dir;
    serve = await startServe({ archive: archiveDir });
    origin = new URL(serve.url).origin;
    proxy = await startRecordingProxy({ forwardLoopback: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--headless', `--proxy-server=${proxy.url}`, '--proxy-bypass-list=<-loopback>'],
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await serve?.stop();
    if (archiveDir !== '') fs.rmSync(archiveDir, { recursive: true, force: true });
  });

  it('shows the cid: image from the message itself, with remote content still blocked', async () => {
    await page.goto(serve?.url ?? '');
    // The window really came through the proxy: its requests to the app are on the list.
    expect(proxy?.loopback.some((url) => url.startsWith(`${origin}/`))).toBe(true);

    await page.getByRole('button', { name: 'Search archive' }).click();
    const box = page.getByLabel('Search the archive');
    await box.fill(RELATED_WORD);
    await box.press('Enter');
    await page.locator('.hit').first().click();
    await page.locator('.viewer').waitFor();

    await expect.poll(() => imageWidth('logo'), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await imageWidth('remote')).toBe(0);
    expect(await page.getByRole('button', { name: 'Load images' }).count()).toBe(1);
    expect(proxy?.remote).toEqual([]);
    expect(leaks()).toEqual([]);
  });

  it('after "Load images" loads the remote image, and nothing from the mail reaches the app', async () => {
    await page.getByRole('button', { name: 'Load images' }).click();
    await expect.poll(() => proxy?.remote, { timeout: 10_000 }).toContain('http://remote.example/banner.png');
    await expect.poll(() => imageWidth('remote')).toBeGreaterThan(0);
    expect(await imageWidth('logo')).toBeGreaterThan(0);
    expect(await imageWidth('relative')).toBe(0);
    expect(leaks()).toEqual([]);
    // Nothing else of the mail's asked the app for anything either: only the app's own files and API.
    const fromMail = (proxy?.loopback ?? []).filter(
      (url) =>
        url.startsWith(`${origin}/`) &&
        !/^\/(?:\?token=|assets\/|api\/|favicon\.ico$|$)/.test(url.slice(origin.length)),
    );
    expect(fromMail).toEqual([]);
  });
});

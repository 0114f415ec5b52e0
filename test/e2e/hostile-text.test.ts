/**
 * The real window in Chromium, over `mailtrove serve`: a folder, and a message whose subject, sender and
 * attachment name carry terminal escapes and a right-to-left override, each shown as a visible marker in
 * the folder tree, the import preview, the results, the viewer and an error box; nothing on the page
 * holds the raw characters.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { deliverHostileMail, HOSTILE, RAW_CONTROL, SHOWN } from '../support/hostile-mail.ts';
import { keyringAvailable, startKeyring, type KeyringSession } from '../support/keyring.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';
import { ensureRendererBuilt, startServe, type ServeProcess } from '../support/serve.ts';

const CHROMIUM = '/usr/bin/chromium';
const skip = (!dovecotAvailable() || !fs.existsSync(CHROMIUM)) && process.env['CI'] !== 'true';

describe.skipIf(skip)('hostile text in the window', () => {
  let mailbox: TestMailbox | undefined;
  let keyring: KeyringSession | null = null;
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page!: Page;
  const shotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-hostile-shots-'));

  /** Neither the text a person reads nor a label a screen reader speaks holds a raw control. */
  const expectNothingRaw = async (): Promise<void> => {
    expect(await page.locator('body').innerText()).not.toMatch(RAW_CONTROL);
    for (const element of await page.locator('[aria-label],[title]').all()) {
      expect((await element.getAttribute('aria-label')) ?? '').not.toMatch(RAW_CONTROL);
      expect((await element.getAttribute('title')) ?? '').not.toMatch(RAW_CONTROL);
    }
  };

  beforeAll(async () => {
    ensureRendererBuilt();
    mailbox = await startTestMailbox({ user: 'mal', corpus: { count: 3, bigAttachments: 0, seed: 9 } });
    deliverHostileMail(mailbox.server.maildir('mal'));
    // With a keychain the window can list the account's folders; the search needs none.
    if (keyringAvailable()) keyring = await startKeyring();
    const env = keyring?.env ?? {};
    const archive = path.join(mailbox.tmp, 'archive');
    const added = await runCli(
      ['--archive', archive, 'account', 'add', 'mal', ...mailbox.accountFlags, '--password-stdin'],
      { env, input: mailbox.password },
    );
    if (keyring !== null && added.code !== 0) throw new Error(`account add failed: ${added.stderr}`);
    if (keyring === null) await mailbox.cli(archive, ['account', 'add', 'mal', ...mailbox.accountFlags]);
    const imported = await mailbox.cli(archive, ['import', 'mal'], env);
    if (imported.code !== 0) throw new Error(`import failed (${imported.code}): ${imported.stderr}`);
    serve = await startServe({ archive, env });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serve.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await keyring?.stop();
    await mailbox?.stop();
    fs.rmSync(shotDir, { recursive: true, force: true });
  });

  it.skipIf(!keyringAvailable())('shows the folder name escaped in the tree and the preview', async () => {
    await page.getByRole('button', { name: 'mal', exact: true }).click();
    const row = page.locator('.folder-row', { hasText: 'Evil' });
    await row.waitFor();
    expect(await row.locator('.folder-name').textContent()).toBe(SHOWN.folder);
    await page.getByRole('button', { name: 'Import last year' }).click();
    const preview = page.getByRole('table', { name: 'Import preview' });
    await preview.waitFor();
    expect(await preview.locator('tbody th', { hasText: 'Evil' }).textContent()).toBe(SHOWN.folder);
    await expectNothingRaw();
  });

  it('shows subject, sender, folder and attachment name escaped in the results and the viewer', async () => {
    await page.getByRole('button', { name: 'Search archive' }).click();
    const box = page.getByLabel('Search the archive');
    await box.fill(HOSTILE.word);
    await box.press('Enter');
    const hit = page.locator('.hit').first();
    await hit.waitFor();
    expect(await hit.locator('.hit-subject').textContent()).toContain(SHOWN.subject);
    expect(await hit.locator('.hit-from').textContent()).toContain(SHOWN.fromName);
    expect(await hit.locator('.hit-folders').textContent()).toContain(SHOWN.folder);

    await hit.click();
    const viewer = page.locator('.viewer');
    await viewer.waitFor();
    expect(await viewer.locator('h2').textContent()).toBe(SHOWN.subject);
    expect(await viewer.getAttribute('aria-label')).toBe(SHOWN.subject);
    expect(await viewer.locator('.headers').textContent()).toContain(SHOWN.folder);
    const save = viewer.getByRole('button', { name: /^Save / });
    expect(await save.textContent()).toBe(`Save ${SHOWN.filename}`);
    await page.screenshot({ path: path.join(shotDir, 'hostile-viewer.png') });
    await expectNothingRaw();
  });

  it('shows a query problem as such, with the typed override escaped', async () => {
    const box = page.getByLabel('Search the archive');
    await box.fill('\u202e!!');
    await box.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('There is a problem with the search');
    expect(await alert.textContent()).toContain('The term "⟨U+202E⟩!!" at position 1 has no letters');
    await expectNothingRaw();
  });
});

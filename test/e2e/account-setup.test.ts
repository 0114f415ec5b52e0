/**
 * Account setup's errors in Chromium over `mailtrove serve`: a refused port, a server that never greets
 * (with Cancel while testing) and a wrong password (against a real Dovecot, when installed) each say in
 * plain words what to check, mark the field at fault, and keep the raw text behind "Details".
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dovecotAvailable } from '../support/dovecot.ts';
import { CHROMIUM } from '../support/mail-frame.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';
import { ensureRendererBuilt, startServe, type ServeProcess } from '../support/serve.ts';

const skip = !fs.existsSync(CHROMIUM) && process.env['CI'] !== 'true';
if (skip) console.warn(`Skipping the account setup e2e tests: ${CHROMIUM} not installed.`);
const repoRoot = path.resolve(import.meta.dirname, '../..');

/** A port on this machine where nothing listens: taken, then given back. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

describe.skipIf(skip)('account setup errors', () => {
  let dir = '';
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page!: Page;
  // Accepts connections and says nothing: an IMAP client waits for a greeting that never comes.
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  let mailbox: TestMailbox | undefined;

  const fill = async (host: string, port: number, user: string, password: string): Promise<void> => {
    await page.getByLabel('Email address').fill(`${user}@example.org`);
    await page.getByLabel('IMAP server').fill(host);
    await page.getByLabel('Security').selectOption('none');
    await page.getByLabel('Port').fill(String(port));
    await page.getByLabel('User name').fill(user);
    await page.getByLabel('Password', { exact: true }).fill(password);
  };

  beforeAll(async () => {
    ensureRendererBuilt(repoRoot);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-setup-'));
    serve = await startServe({ archive: path.join(dir, 'archive') });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serve.url);
    await page.getByText('No accounts yet').waitFor({ timeout: 15_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) =>
      silent.close(() => {
        resolve();
      }),
    );
    await mailbox?.stop();
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says a refused port in plain words, marks Port, and keeps ECONNREFUSED behind Details', async () => {
    const port = await closedPort();
    await fill('127.0.0.1', port, 'ann', 'secret');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.locator('.error-hint').textContent()).toBe(
      `127.0.0.1 does not accept connections on port ${port}. The usual ports are 993 (TLS) and 143 (STARTTLS).`,
    );
    expect(await alert.innerText()).not.toContain('ECONNREFUSED');
    expect(await page.getByLabel('Port').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('IMAP server').getAttribute('aria-invalid')).toBeNull();
    await alert.getByText('Details').click();
    expect(await alert.innerText()).toContain('ECONNREFUSED');
  });

  it('offers Cancel while testing a server that never answers, and cancelling ends the wait', async () => {
    const { port } = silent.address() as net.AddressInfo;
    await fill('127.0.0.1', port, 'ann', 'secret');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('button', { name: 'Testing…' }).waitFor();
    await expect.poll(() => sockets.size).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Cancel test' }).click();
    expect(await page.getByRole('button', { name: 'Test connection' }).isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Cancel test' }).count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it.skipIf(!dovecotAvailable())(
    'marks the password after a refused login, with no stray punctuation',
    async () => {
      mailbox = await startTestMailbox({ user: 'ann', corpus: { count: 3, seed: 1 } });
      await fill(mailbox.server.host, mailbox.server.port, mailbox.user, 'not-the-password');
      await page.getByRole('button', { name: 'Test connection' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 30_000 });
      expect(await alert.locator('.error-hint').textContent()).toContain(
        'turned down this user name and password',
      );
      expect(await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      await alert.getByText('Details').click();
      expect(await alert.innerText()).not.toMatch(/[.!?]\)\.|\.\./);
    },
    60_000,
  );
});

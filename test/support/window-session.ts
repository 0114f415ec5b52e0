/**
 * The window over `mailtrove serve` in Debian's Chromium, as the e2e tests open it: on an archive already
 * on disk, or on a fresh account of a real Dovecot mailbox with a private keyring. Everything it starts is
 * stopped by close(), newest first, including what a failed or timed-out beforeAll had got as far as.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { runCli } from './cli.ts';
import type { CorpusOptions } from './corpus.ts';
import { dovecotAvailable } from './dovecot.ts';
import { keyringAvailable, startKeyring, type KeyringSession } from './keyring.ts';
import { CHROMIUM } from './mail-frame.ts';
import { startTestMailbox, type TestMailbox } from './mailbox.ts';
import { ensureRendererBuilt, startServe, type ServeProcess } from './serve.ts';

/**
 * Whether a test file needing only Chromium should skip (never on CI, where a missing one is a failure);
 * warns with `label` when it does.
 */
export function chromiumMissing(label: string): boolean {
  const skip = !fs.existsSync(CHROMIUM) && process.env['CI'] !== 'true';
  if (skip) console.warn(`Skipping the ${label} e2e tests: ${CHROMIUM} not installed.`);
  return skip;
}

/** As chromiumMissing, for a test file that also needs Dovecot and a keyring; warns only given a label. */
export function mailboxWindowMissing(label?: string): boolean {
  const skip =
    (!dovecotAvailable() || !keyringAvailable() || !fs.existsSync(CHROMIUM)) && process.env['CI'] !== 'true';
  if (skip && label !== undefined) {
    console.warn(`Skipping the ${label} e2e tests: Dovecot, a keyring or Chromium is missing.`);
  }
  return skip;
}

interface WindowOptions {
  /** the heading to wait for once the page has loaded */
  heading: string;
  /** how long to wait for it, in ms */
  headingTimeout?: number;
  /** over the default viewport of 1280×800 */
  pageOptions?: BrowserContextOptions;
}

export interface OpenWindow {
  page: Page;
  browser: Browser;
  serve: ServeProcess;
}

export interface MailboxWindow extends OpenWindow {
  mailbox: TestMailbox;
  keyring: KeyringSession;
  /** the archive `mailtrove serve` runs on, under mailbox.tmp, holding the account */
  archive: string;
}

/** What runs between adding the account and starting the server (e.g. an import by the CLI). */
export type BeforeServe = (started: {
  mailbox: TestMailbox;
  keyring: KeyringSession;
  archive: string;
}) => Promise<void>;

export interface WindowSession {
  /** The window on `archive`, which close() then removes. */
  openOnArchive(options: WindowOptions & { archive: string }): Promise<OpenWindow>;
  /**
   * A Dovecot mailbox for `user` with `corpus`, its account (named like the user) added to a new archive
   * with the password in the keyring, and the window on that archive; the heading defaults to the user.
   */
  openOnMailbox(
    options: Partial<WindowOptions> & { user: string; corpus: CorpusOptions; beforeServe?: BeforeServe },
  ): Promise<MailboxWindow>;
  /** Stops everything started, newest first; every step runs even when one fails. */
  close(): Promise<void>;
}

/** Made at describe time, so afterAll can close whatever beforeAll started before it failed. */
export function windowSession(): WindowSession {
  const stops: (() => Promise<void> | void)[] = [];

  const openWindow = async (url: string, options: WindowOptions): Promise<Omit<OpenWindow, 'serve'>> => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
    stops.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, ...options.pageOptions });
    await page.goto(url);
    await page.getByRole('heading', { name: options.heading }).waitFor({ timeout: options.headingTimeout });
    return { browser, page };
  };

  return {
    async openOnArchive(options) {
      stops.push(() => {
        fs.rmSync(options.archive, { recursive: true, force: true });
      });
      ensureRendererBuilt();
      const serve = await startServe({ archive: options.archive });
      stops.push(() => serve.stop());
      return { serve, ...(await openWindow(serve.url, options)) };
    },

    async openOnMailbox(options) {
      ensureRendererBuilt();
      const { user } = options;
      const mailbox = await startTestMailbox({ user, corpus: options.corpus });
      stops.push(() => mailbox.stop());
      // `mailtrove serve` reads passwords from the keychain only (MAILTROVE_PASSWORD is for the CLI).
      const keyring = await startKeyring();
      stops.push(() => keyring.stop());
      const archive = path.join(mailbox.tmp, 'archive');
      const added = await runCli(
        ['--archive', archive, 'account', 'add', user, ...mailbox.accountFlags, '--password-stdin'],
        { env: { ...keyring.env, MAILTROVE_PASSWORD: '' }, input: mailbox.password },
      );
      expect(added.code, added.stderr).toBe(0);
      await options.beforeServe?.({ mailbox, keyring, archive });
      const serve = await startServe({ archive, env: keyring.env });
      stops.push(() => serve.stop());
      const window = await openWindow(serve.url, { heading: user, ...options });
      return { mailbox, keyring, archive, serve, ...window };
    },

    async close() {
      const errors: unknown[] = [];
      for (let stop = stops.pop(); stop !== undefined; stop = stops.pop()) {
        try {
          await stop();
        } catch (error) {
          errors.push(error);
        }
      }
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, 'closing the window session');
    },
  };
}

import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genericSettings } from '../../src-main/engine/auth/providers.ts';
import { saveSignIn, signInWithBrowser } from '../../src-main/engine/auth/sign-in.ts';
import { refreshTokenStore } from '../../src-main/engine/auth/token-store.ts';
import { createMemorySecretStore } from '../../src-main/engine/secrets/secret-store.ts';
import type { OAuthSettings } from '../../src-shared/account-auth.ts';
import { startOAuthServer, type OAuthTestServer } from '../support/oauth-server.ts';

const CHROMIUM = '/usr/bin/chromium';

/** Whether the test server would let Dovecot log this access token in. */
async function introspect(server: OAuthTestServer, token: string): Promise<unknown> {
  const response = await fetch(server.introspectionUrl, {
    method: 'POST',
    body: new URLSearchParams({ token }),
  });
  return response.json();
}

describe.skipIf(!fs.existsSync(CHROMIUM) && process.env['CI'] !== 'true')(
  'OAuth2 sign-in in a browser',
  () => {
    let server: OAuthTestServer;
    let browser: Browser;
    let settings: OAuthSettings;

    beforeAll(async () => {
      server = await startOAuthServer();
      settings = genericSettings({
        tokenUrl: server.tokenUrl,
        authUrl: server.authUrl,
        clientId: server.clientId,
      });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless'] });
    });
    afterAll(async () => {
      await browser.close();
      await server.close();
    });

    it('signs in with PKCE over the loopback redirect, the user clicking Allow', async () => {
      const page = await browser.newPage();
      let landed = '';
      try {
        const tokens = await signInWithBrowser(settings, {
          loginHint: 'olga',
          // The system browser, played by Chromium: it opens the page, the user allows.
          open: async (url) => {
            await page.goto(url);
            expect(await page.inputValue('input[name=user]')).toBe('olga');
            await page.click('#allow');
            await page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/\?code=/);
            landed = (await page.textContent('h1')) ?? '';
          },
        });
        expect(landed).toBe('Signed in');
        expect(await introspect(server, tokens.accessToken)).toMatchObject({
          active: true,
          username: 'olga',
        });
        const store = refreshTokenStore(createMemorySecretStore(), 'oauth2:olga');
        await saveSignIn(store, tokens);
        expect(server.refreshTokenValid((await store.get()) ?? '')).toBe(true);
      } finally {
        await page.close();
      }
    });

    it('takes the redirect address pasted from a browser on another machine (--no-browser)', async () => {
      let printed = '';
      let paste: (address: string) => void = () => undefined;
      const pasted = new Promise<string>((resolve) => (paste = resolve));
      const signedIn = signInWithBrowser(settings, {
        open: (url) => {
          printed = url;
        },
        pasted,
      });
      while (printed === '') await new Promise((r) => setTimeout(r, 10));
      // The other machine's browser: its redirect to 127.0.0.1 goes nowhere; the user copies the address.
      const page = await browser.newPage();
      try {
        await page.route(/^http:\/\/127\.0\.0\.1:\d+\/\?/, (route) => route.abort());
        await page.goto(printed);
        await page.fill('input[name=user]', 'pavel');
        const redirect = page.waitForRequest(/^http:\/\/127\.0\.0\.1:\d+\/\?code=/);
        await page.click('#allow');
        paste((await redirect).url());
        const tokens = await signedIn;
        expect(await introspect(server, tokens.accessToken)).toMatchObject({
          active: true,
          username: 'pavel',
        });
      } finally {
        await page.close();
      }
    });
  },
);

import { describe, expect, it } from 'vitest';
import { OAuthError } from '../../src-main/engine/auth/errors.ts';
import { codeFromRedirect, startLoopback } from '../../src-main/engine/auth/loopback.ts';
import { createPkce, s256 } from '../../src-main/engine/auth/pkce.ts';
import { genericSettings, presetSettings } from '../../src-main/engine/auth/providers.ts';
import { authorizationUrl } from '../../src-main/engine/auth/token-client.ts';
import { MailtroveError } from '../../src-main/engine/errors.ts';

describe('PKCE', () => {
  it('matches the RFC 7636 appendix B example', () => {
    expect(s256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
  it('draws a new verifier and state each time', () => {
    const [a, b] = [createPkce(), createPkce()];
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.state).not.toBe(b.state);
    expect(a.verifier.length).toBeGreaterThanOrEqual(43);
  });
});

describe('providers', () => {
  it('ships no client id: a clear error says what to do', () => {
    const error = (() => {
      try {
        presetSettings({ preset: 'gmail' }, {});
      } catch (e) {
        return e;
      }
      return null;
    })() as MailtroveError;
    expect(error).toBeInstanceOf(MailtroveError);
    expect(error.kind).toBe('config');
    expect(error.hint).toContain('--client-id');
  });
  it('builds Microsoft endpoints on the chosen authority', () => {
    const settings = presetSettings({ preset: 'microsoft', clientId: 'c', tenant: 'organizations' }, {});
    expect(settings.tokenUrl).toBe('https://login.microsoftonline.com/organizations/oauth2/v2.0/token');
    expect(settings.scope).toBe('https://outlook.office.com/IMAP.AccessAsUser.All offline_access');
    expect(presetSettings({ preset: 'microsoft' }, { microsoft: { clientId: 'b' } }).tenant).toBe('common');
  });
  it('asks Google for offline access with the address as a hint', () => {
    const settings = presetSettings({ preset: 'gmail' }, { google: { clientId: 'g' } });
    const url = new URL(
      authorizationUrl(settings, {
        challenge: 'c',
        state: 's',
        redirectUri: 'http://127.0.0.1:5/',
        loginHint: 'a@b',
      }),
    );
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      scope: 'https://mail.google.com/',
      access_type: 'offline',
      prompt: 'consent',
      login_hint: 'a@b',
      code_challenge_method: 'S256',
    });
  });
  it('refuses a token URL in clear over the network', () => {
    expect(() => genericSettings({ tokenUrl: 'http://auth.example/token', clientId: 'x' })).toThrow(/https/);
    expect(genericSettings({ tokenUrl: 'http://127.0.0.1:9/token', clientId: 'x' }).tokenUrl).toContain(
      '127.0.0.1',
    );
  });
});

describe('redirects', () => {
  it('takes the code from a pasted address only with the right state', () => {
    expect(codeFromRedirect(' http://127.0.0.1:4000/?code=abc&state=s1 ', 's1')).toBe('abc');
    expect(() => codeFromRedirect('http://127.0.0.1:4000/?code=abc&state=s2', 's1')).toThrow(/state/);
    expect(() => codeFromRedirect('not a url', 's1')).toThrow(MailtroveError);
    expect(() => codeFromRedirect('http://127.0.0.1/?error=access_denied&state=s1', 's1')).toThrow(
      OAuthError,
    );
  });
  it('listens on 127.0.0.1 and ignores a foreign state until its own redirect comes', async () => {
    const listener = await startLoopback('mine');
    try {
      expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const foreign = await fetch(`${listener.redirectUri}?code=x&state=other`);
      expect(foreign.status).toBe(400);
      const ours = await fetch(`${listener.redirectUri}?code=good&state=mine`);
      expect(ours.status).toBe(200);
      expect(await listener.code).toBe('good');
    } finally {
      await listener.close();
    }
  });
});

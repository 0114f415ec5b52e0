import { describe, expect, it } from 'vitest';
import type { OAuthSettings } from '../../src-shared/account-auth.ts';
import { NeedsSignInError, OAuthError } from '../../src-main/engine/auth/errors.ts';
import { createTokenProvider } from '../../src-main/engine/auth/token-provider.ts';
import type { TokenSet } from '../../src-main/engine/auth/token-client.ts';
import { PART_CHARS, refreshTokenStore } from '../../src-main/engine/auth/token-store.ts';
import { createMemorySecretStore, type SecretStore } from '../../src-main/engine/secrets/secret-store.ts';

/** A memory store that also tells which keys exist and refuses secrets over Windows' limit. */
function windowsLikeStore(): SecretStore & { keys(): string[] } {
  const inner = new Map<string, string>();
  return {
    keys: () => [...inner.keys()].sort(),
    get: (key) => Promise.resolve(inner.get(key) ?? null),
    set: (key, secret) => {
      if (Buffer.byteLength(secret, 'utf16le') > 2560) return Promise.reject(new Error('too long'));
      inner.set(key, secret);
      return Promise.resolve();
    },
    delete: (key) => Promise.resolve(inner.delete(key)),
  };
}

const SETTINGS: OAuthSettings = {
  kind: 'oauth2',
  provider: 'generic',
  tokenUrl: 'http://127.0.0.1:1/token',
  authUrl: null,
  deviceUrl: null,
  clientId: 'cid',
  clientSecret: null,
  scope: '',
  tenant: null,
};

describe('refresh token in the keychain', () => {
  it('keeps a short token as one entry', async () => {
    const store = windowsLikeStore();
    const tokens = refreshTokenStore(store, 'oauth2:a');
    await tokens.set('short-token');
    expect(store.keys()).toEqual(['oauth2:a']);
    expect(await tokens.get()).toBe('short-token');
  });

  it('splits a token longer than the Windows limit and joins it back', async () => {
    const store = windowsLikeStore();
    const tokens = refreshTokenStore(store, 'oauth2:a');
    const long = 'x'
      .repeat(PART_CHARS * 3 + 17)
      .replace(/x/g, (_, i: number) => String.fromCharCode(65 + (i % 26)));
    await tokens.set(long);
    expect(store.keys().length).toBe(5); // the head and four parts
    expect(await tokens.get()).toBe(long);
  });

  it('leaves no stale parts behind when the token rotates or is deleted', async () => {
    const store = windowsLikeStore();
    const tokens = refreshTokenStore(store, 'oauth2:a');
    await tokens.set('a'.repeat(PART_CHARS * 2 + 1));
    await tokens.set('b'.repeat(PART_CHARS + 1));
    expect(store.keys().length).toBe(3);
    expect(await tokens.get()).toBe('b'.repeat(PART_CHARS + 1));
    await tokens.set('short');
    expect(store.keys()).toEqual(['oauth2:a']);
    await tokens.set('c'.repeat(PART_CHARS * 2));
    expect(await tokens.delete()).toBe(true);
    expect(store.keys()).toEqual([]);
    expect(await tokens.get()).toBeNull();
  });

  it('reads no token when a part went missing, instead of a truncated one', async () => {
    const store = windowsLikeStore();
    const tokens = refreshTokenStore(store, 'oauth2:a');
    await tokens.set('z'.repeat(PART_CHARS * 2));
    await store.delete(store.keys().find((k) => k.endsWith('.1')) ?? '');
    expect(await tokens.get()).toBeNull();
  });
});

describe('access tokens for an account', () => {
  it('refreshes once for concurrent callers and saves the rotated refresh token first', async () => {
    const store = createMemorySecretStore();
    const tokens = refreshTokenStore(store, 'k');
    await tokens.set('rt-1');
    const seen: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const provider = createTokenProvider({
      account: 'work',
      settings: SETTINGS,
      refreshTokens: tokens,
      refresh: async (_s, refreshToken): Promise<TokenSet> => {
        seen.push(refreshToken);
        await gate;
        const n = seen.length + 1;
        return { accessToken: `at-${n}`, expiresAt: Date.now() + 3600_000, refreshToken: `rt-${n}` };
      },
    });
    const all = Promise.all([provider.accessToken(), provider.accessToken(), provider.accessToken()]);
    release();
    expect(await all).toEqual(['at-2', 'at-2', 'at-2']);
    expect(seen).toEqual(['rt-1']);
    expect(await tokens.get()).toBe('rt-2');
    // Still fresh: no refresh; forced: the rotated token is the one used.
    expect(await provider.accessToken()).toBe('at-2');
    expect(await provider.accessToken({ fresh: true })).toBe('at-3');
    expect(seen).toEqual(['rt-1', 'rt-2']);
  });

  it('refreshes ahead of expiry', async () => {
    const store = createMemorySecretStore();
    const tokens = refreshTokenStore(store, 'k');
    await tokens.set('rt');
    let clock = 0;
    let count = 0;
    const provider = createTokenProvider({
      account: 'work',
      settings: SETTINGS,
      refreshTokens: tokens,
      now: () => clock,
      refresh: () =>
        Promise.resolve({ accessToken: `at-${++count}`, expiresAt: clock + 3600_000, refreshToken: null }),
    });
    expect(await provider.accessToken()).toBe('at-1');
    clock = 3600_000 - 61_000;
    expect(await provider.accessToken()).toBe('at-1');
    clock = 3600_000 - 59_000;
    expect(await provider.accessToken()).toBe('at-2');
    expect(await tokens.get()).toBe('rt');
  });

  it('turns invalid_grant and a missing token into NeedsSignInError', async () => {
    const store = createMemorySecretStore();
    const tokens = refreshTokenStore(store, 'k');
    const provider = createTokenProvider({
      account: 'work',
      settings: SETTINGS,
      refreshTokens: tokens,
      refresh: () => Promise.reject(new OAuthError('invalid_grant', 'revoked')),
    });
    await expect(provider.accessToken()).rejects.toBeInstanceOf(NeedsSignInError);
    await tokens.set('dead');
    const error: unknown = await provider.accessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NeedsSignInError);
    expect((error as NeedsSignInError).kind).toBe('auth');
    expect((error as NeedsSignInError).hint).toContain('mailtrove account login work');
  });
});

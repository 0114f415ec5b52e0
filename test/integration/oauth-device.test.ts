import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthError } from '../../src-main/engine/auth/errors.ts';
import { genericSettings } from '../../src-main/engine/auth/providers.ts';
import { signInWithDeviceCode } from '../../src-main/engine/auth/sign-in.ts';
import type { OAuthSettings } from '../../src-shared/account-auth.ts';
import { startOAuthServer, type OAuthTestServer } from '../support/oauth-server.ts';

describe('device-code sign-in (--device-code)', () => {
  let server: OAuthTestServer;
  let settings: OAuthSettings;

  beforeAll(async () => {
    server = await startOAuthServer();
    // Microsoft's shape: a device-code endpoint beside the token endpoint.
    settings = {
      ...genericSettings({ tokenUrl: server.tokenUrl, clientId: server.clientId }),
      deviceUrl: server.deviceUrl,
    };
  });
  afterAll(async () => {
    await server.close();
  });

  it('shows the code, waits while the user signs in elsewhere, then gets tokens', async () => {
    const shown: string[] = [];
    const tokens = await signInWithDeviceCode(settings, (message) => {
      shown.push(message);
      const code = /code (\S+)\.$/.exec(message)?.[1] ?? '';
      // The user types the code on another device a little later.
      setTimeout(() => {
        server.approveDevice(code, 'nina');
      }, 50);
    });
    expect(shown[0]).toMatch(/^To sign in, open http:\/\/127\.0\.0\.1:\d+\/device and enter the code \S+\.$/);
    expect(server.refreshTokenValid(tokens.refreshToken ?? '')).toBe(true);
  });

  it('says so when the client is not allowed', async () => {
    const wrong = { ...settings, clientId: 'someone-else' };
    const error: unknown = await signInWithDeviceCode(wrong, () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).code).toBe('invalid_client');
  });
});

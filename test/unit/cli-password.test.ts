import { describe, expect, it } from 'vitest';
import type { AccountConfig } from '../../src-shared/domain.ts';
import { namedAccountPassword } from '../../src-main/cli/password.ts';
import { createMemorySecretStore, secretKey } from '../../src-main/engine/secrets/secret-store.ts';

const account = (name: string): AccountConfig => ({
  name,
  host: 'imap.example.com',
  port: 993,
  security: 'tls',
  user: 'u',
});

describe('the password of a CLI command', () => {
  it('takes MAILTROVE_PASSWORD for the account the command names, and the keychain for any other', async () => {
    const store = createMemorySecretStore();
    await store.set(secretKey(account('other')), 'stored');
    const env = { MAILTROVE_PASSWORD: 'typed' };
    expect(await namedAccountPassword(account('work'), 'work', store, env)).toBe('typed');
    expect(await namedAccountPassword(account('other'), 'work', store, env)).toBe('stored');
    // An empty variable is no password.
    expect(await namedAccountPassword(account('other'), 'other', store, { MAILTROVE_PASSWORD: '' })).toBe(
      'stored',
    );
  });

  it('suggests the variable only to the account the command names', async () => {
    const store = createMemorySecretStore();
    await expect(namedAccountPassword(account('work'), 'work', store, {})).rejects.toMatchObject({
      kind: 'config',
      hint: expect.stringMatching(/MAILTROVE_PASSWORD/) as unknown,
    });
    await expect(namedAccountPassword(account('x'), 'work', store, {})).rejects.toMatchObject({
      hint: expect.not.stringMatching(/MAILTROVE_PASSWORD/) as unknown,
    });
  });
});

/** The engine's API as the CLI uses it: each use case opens the archive for itself, and reads write nothing. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../src-main/engine/api/index.ts';
import { createMemorySecretStore } from '../../src-main/engine/secrets/secret-store.ts';
import { WORK } from '../support/handler-archive.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-engine-api-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('createEngine without held connections (a CLI command)', () => {
  it('reads nothing into existence: no archive means no accounts, and a clear error elsewhere', () => {
    const archive = path.join(dir, 'none');
    const engine = createEngine({ archivePath: archive, secrets: createMemorySecretStore() });
    expect(engine.accounts.list()).toEqual([]);
    expect(() => engine.reads.status()).toThrow(/No archive at/);
    expect(fs.existsSync(archive)).toBe(false);
  });

  it('adds an account keychain first, then finds it from a new engine over the same archive file', async () => {
    const secrets = createMemorySecretStore();
    const archive = path.join(dir, 'x.db');
    const engine = createEngine({ archivePath: archive, secrets });
    const added = await engine.accounts.add({
      account: { name: 'work', ...WORK },
      password: () => Promise.resolve('pw'),
      noKeychain: (error) => error,
    });
    expect(added.passwordStored).toBe(true);
    expect(fs.statSync(archive).isFile()).toBe(true);
    const again = createEngine({ archivePath: archive, secrets });
    expect(again.accounts.list().map((a) => a.name)).toEqual(['work']);
    expect(await again.accounts.hasPassword({ name: 'work', ...WORK })).toBe(true);
    // A taken name is refused before the password is even asked for.
    let asked = false;
    await expect(
      again.accounts.add({
        account: { name: 'work', ...WORK },
        password: () => {
          asked = true;
          return Promise.resolve('other');
        },
        noKeychain: (error) => error,
      }),
    ).rejects.toThrow(/already exists/);
    expect(asked).toBe(false);
  });
});

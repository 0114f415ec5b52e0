import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { keyringAvailable, startKeyring, type KeyringSession } from '../support/keyring.ts';

/**
 * The keychain store runs in a child process so it sees the private D-Bus session's environment
 * (the Secret Service client reads DBUS_SESSION_BUS_ADDRESS when it connects).
 */
function inChild(env: NodeJS.ProcessEnv, script: string): string {
  const program = `
    import { createKeychainSecretStore } from './src-main/engine/secrets/keychain.ts';
    const store = createKeychainSecretStore('mailtrove-test');
    ${script}`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', program], {
    env,
    encoding: 'utf8',
  }).trim();
}

// Under CI a missing keyring is an install bug, not a reason to skip.
describe.skipIf(!keyringAvailable() && process.env['CI'] !== 'true')(
  'OS keychain (gnome-keyring over D-Bus)',
  () => {
    let session: KeyringSession;
    beforeAll(async () => {
      session = await startKeyring();
    });
    afterAll(async () => {
      await session.stop();
    });

    it('stores, reads back and deletes a password', () => {
      const out = inChild(
        session.env,
        `await store.set('work:me@example.org', 'pä55 wörd');
       const got = await store.get('work:me@example.org');
       const deleted = await store.delete('work:me@example.org');
       const after = await store.get('work:me@example.org');
       console.log(JSON.stringify({ got, deleted, after }));`,
      );
      expect(JSON.parse(out)).toEqual({ got: 'pä55 wörd', deleted: true, after: null });
    });

    it('says clearly when no keychain is reachable, and suggests MAILTROVE_PASSWORD', () => {
      const env = { ...session.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
      const out = inChild(
        env,
        `try { await store.set('k', 'v'); console.log('stored'); }
       catch (e) { console.log(JSON.stringify({ kind: e.kind, message: e.message, hint: e.hint })); }`,
      );
      const error = JSON.parse(out) as { kind: string; message: string; hint: string };
      expect(error.kind).toBe('config');
      expect(error.message).toMatch(/keychain is not available/);
      expect(error.hint).toMatch(/MAILTROVE_PASSWORD/);
    });
  },
);

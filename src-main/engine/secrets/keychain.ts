import { AsyncEntry } from '@napi-rs/keyring';
import { MailtroveError } from '../errors.ts';
import { KEYCHAIN_SERVICE, type SecretStore } from './secret-store.ts';

/**
 * The OS keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows) through
 * @napi-rs/keyring, the maintained successor of keytar. There is deliberately no plaintext fallback.
 */
export function createKeychainSecretStore(service = KEYCHAIN_SERVICE): SecretStore {
  const entry = (key: string): AsyncEntry => new AsyncEntry(service, key);
  return {
    get: (key) => guard(() => entry(key).getPassword()),
    set: (key, secret) => guard(() => entry(key).setPassword(secret)),
    delete: (key) => guard(() => entry(key).deletePassword()),
  };
}

async function guard<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw new MailtroveError('config', `The OS keychain is not available: ${(error as Error).message}`, {
      hint:
        'Unlock or start your keyring (on Linux: a Secret Service such as gnome-keyring in a D-Bus session), ' +
        'or set MAILTROVE_PASSWORD for this run; MailTrove never stores passwords in plain text.',
      cause: error,
    });
  }
}

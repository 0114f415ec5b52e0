import { AsyncEntry } from '@napi-rs/keyring';
import { KeychainUnavailableError } from './keychain-errors.ts';
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
    throw new KeychainUnavailableError((error as Error).message, error);
  }
}

import type { AccountConfig } from '../../../src-shared/domain.ts';

/** Where account passwords live: the OS keychain in the app and CLI, memory in tests. Never SQLite. */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, secret: string): Promise<void>;
  /** true when something was deleted */
  delete(key: string): Promise<boolean>;
}

export const KEYCHAIN_SERVICE = 'mailtrove';

/** The keychain entry of an account: its name and login, so two archives' accounts rarely collide. */
export function secretKey(account: AccountConfig): string {
  return `${account.name}:${account.user}@${account.host}`;
}

/** A test double. */
export function createMemorySecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  return {
    get: (key) => Promise.resolve(secrets.get(key) ?? null),
    set: (key, secret) => {
      secrets.set(key, secret);
      return Promise.resolve();
    },
    delete: (key) => Promise.resolve(secrets.delete(key)),
  };
}

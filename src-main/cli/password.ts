import type { AccountConfig } from '../../src-shared/domain.ts';
import { storedPassword, type SecretStore } from '../engine/api/index.ts';

export const PASSWORD_ENV = 'MAILTROVE_PASSWORD';

/** MAILTROVE_PASSWORD's value, or null when it is unset or empty. */
export function passwordFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env[PASSWORD_ENV];
  return value === undefined || value === '' ? null : value;
}

/**
 * The password for a CLI command that names one account (`import NAME`, `account test NAME`, …):
 * MAILTROVE_PASSWORD if set (never stored), else the keychain's. The variable is for the account named on
 * the command line only; any other account, and `serve` and the app (which never call this), get the
 * keychain's, so the variable cannot be sent to a server nobody named.
 */
export async function namedAccountPassword(
  account: AccountConfig,
  named: string,
  store: SecretStore,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const fromEnv = passwordFromEnv(env);
  const isNamed = account.name === named;
  if (isNamed && fromEnv !== null) return fromEnv;
  return storedPassword(account, store, isNamed ? `set ${PASSWORD_ENV} for this command` : undefined);
}

import type { AccountConfig } from '../../../src-shared/domain.ts';
import { MailtroveError } from '../errors.ts';
import { secretKey, type SecretStore } from './secret-store.ts';

export const PASSWORD_ENV = 'MAILTROVE_PASSWORD';

/** The password for one run: MAILTROVE_PASSWORD if set (never stored), else the keychain's. */
export async function resolvePassword(
  account: AccountConfig,
  store: SecretStore,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const fromEnv = env[PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const stored = await store.get(secretKey(account));
  if (stored === null) {
    throw new MailtroveError('config', `No password stored for the account "${account.name}".`, {
      hint: `Store one with: mailtrove account add … --password-stdin, or set ${PASSWORD_ENV} for one run.`,
    });
  }
  return stored;
}

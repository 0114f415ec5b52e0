import type { AccountConfig } from '../../../src-shared/domain.ts';
import { MailtroveError } from '../errors.ts';
import { secretKey, type SecretStore } from './secret-store.ts';

/**
 * The account's password from the keychain: all the app, `mailtrove serve` and the handlers ever use, so
 * a password given to one CLI command never reaches a server added through them. `alternative` names
 * another way to give it, for the hint (the CLI's MAILTROVE_PASSWORD).
 */
export async function storedPassword(
  account: AccountConfig,
  store: SecretStore,
  alternative?: string,
): Promise<string> {
  const stored = await store.get(secretKey(account));
  if (stored === null) {
    throw new MailtroveError('config', `No password stored for the account "${account.name}".`, {
      hint: `Store one with: mailtrove account add … --password-stdin${alternative ? `, or ${alternative}` : ''}.`,
    });
  }
  return stored;
}

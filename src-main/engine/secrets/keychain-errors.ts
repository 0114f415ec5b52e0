import { MailtroveError } from '../errors.ts';

/** How to get a keychain where there is none: a server, a container, a bare window manager. */
export const KEYRING_HELP =
  'Start or unlock your keyring: on a Linux desktop, log in to a session that runs one (GNOME Keyring, ' +
  'KWallet); on a server, run MailTrove inside a D-Bus session with an unlocked Secret Service, e.g. ' +
  '`dbus-run-session -- sh -c \'echo "$KEYRING_PASS" | gnome-keyring-daemon --unlock >/dev/null && mailtrove …\'`.';

/** What a CLI user can do instead of storing the password. */
export const NO_STORE_HELP =
  'Keep the password out of the keychain instead: add the account without --password-stdin and run each ' +
  'command that names it with MAILTROVE_PASSWORD set; MailTrove never stores that variable.';

/** No usable keychain here, as opposed to a wrong password or a full disk. */
export class KeychainUnavailableError extends MailtroveError {
  constructor(reason: string, cause?: unknown) {
    super('config', `The OS keychain is not available: ${reason}`, {
      hint: `${KEYRING_HELP} ${NO_STORE_HELP} MailTrove never stores passwords in plain text.`,
      cause,
    });
  }
}

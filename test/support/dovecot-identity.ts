/**
 * How to make Dovecot (2.3, Maildir) hand out a new UIDVALIDITY for a folder while it runs.
 *
 * A Maildir folder's UIDVALIDITY and UIDs live in its `dovecot-uidlist` (and are cached in the
 * `dovecot.index*` files next to it). When both are gone, the next session that opens the folder
 * rescans cur/ and new/, numbers every message from UID 1 again and takes the next value of the
 * account-wide `dovecot-uidvalidity` counter in the Maildir root, so the new UIDVALIDITY always differs.
 *
 * Dovecot runs one process per IMAP connection and each keeps its open index in memory: a session
 * that has the folder selected during the reset may write the old numbering back. Log such clients
 * out (or at least close the folder) before calling this.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Remove Dovecot's uidlist and index files of one Maildir folder so its next SELECT assigns a new UIDVALIDITY. */
export function resetFolderIdentity(maildirFolderPath: string): void {
  for (const name of readdirSync(maildirFolderPath)) {
    // Not dovecot-uidlist.lock (a live lock belongs to a running process), not dovecot.list.index*
    // (the account's folder list, which rebuilds itself), not dovecot-uidvalidity (the counter).
    if (name === 'dovecot-uidlist' || name.startsWith('dovecot.index')) {
      rmSync(join(maildirFolderPath, name), { force: true });
    }
  }
}

import { getAccount, listAccounts } from '../archive/accounts-repo.ts';
import { listMessages, type MessageListing } from '../archive/listing.ts';
import { readAttachment, readMessageView } from '../archive/message-view.ts';
import { completeness, listMessageErrors } from '../archive/scans-repo.ts';
import { listJobs } from '../archive/jobs-repo.ts';
import { accountStatus, type AccountStatus } from '../archive/status.ts';
import { threadMessages, threadSizes } from '../archive/thread-reads.ts';
import { verifyArchive, type VerifyReport } from '../archive/verify.ts';
import { searchArchive, type SearchPage, type SearchSort } from '../search/search.ts';
import type { EngineContext } from './context.ts';

/** Everything that only reads the archive: through the read-only connection, never waiting on an import. */
export function readUseCases(ctx: EngineContext) {
  const { access } = ctx;
  return {
    /** A page of threads matching `query`, best first or (sort 'date') newest first. */
    search(query: string, page: { offset: number; limit: number; sort?: SearchSort }): SearchPage {
      return access.readSync((db) => searchArchive(db, query, page));
    },
    /** How many messages each thread holds, for showing "3 messages" beside a hit. */
    threadSizes: (threadIds: readonly number[]) => access.readSync((db) => threadSizes(db, threadIds)),
    /** A thread's messages in date order; empty when there is no such thread. */
    thread: (threadId: number): MessageListing[] => access.readSync((db) => threadMessages(db, threadId)),
    /** Every stored message, one at a time (the archive stays open while `visit` runs). */
    eachMessage(visit: (message: MessageListing) => void): void {
      access.readSync((db) => {
        for (const message of listMessages(db)) visit(message);
      });
    },
    message: (id: number) => access.read((db) => readMessageView(db, id)),
    attachment: (id: number, index: number) => access.read((db) => readAttachment(db, id, index)),

    /** Per folder of each account (or the one named): checkpoint, counts, last run, errors. */
    status(name?: string): (AccountStatus & { needsSignIn: boolean })[] {
      return access.readSync((db) => {
        const accounts = name === undefined ? listAccounts(db) : [getAccount(db, name)];
        return accounts.map((account) => ({
          ...accountStatus(db, account),
          // An OAuth2 sign-in the provider no longer accepts: a job waits for `account login`.
          needsSignIn: listJobs(db, account.id).some(
            (job) => job.state === 'waiting' && job.waitingReason === 'needs sign-in',
          ),
        }));
      });
    },
    /** Per folder: how much of what is on the server in range is in the archive. */
    completeness(name: string) {
      return access.readSync((db) => {
        const account = getAccount(db, name);
        return { account: account.name, folders: completeness(db, account.id) };
      });
    },
    /** The error log: every message (or folder) that could not be archived, with its cause. */
    errors: (name: string) => access.readSync((db) => listMessageErrors(db, getAccount(db, name).id)),
    /** Re-hashes every stored message and checks the database. */
    verify: (onProgress?: (done: number) => void): VerifyReport =>
      access.readSync((db) => verifyArchive(db, onProgress)),
  };
}

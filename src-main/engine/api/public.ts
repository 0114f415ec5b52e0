/**
 * What the front ends (cli/, handlers/) may use of the engine besides createEngine: its errors, the
 * archive's location rules, the job manager for hosts, and the types its use cases return.
 */
export { MailtroveError, isMailtroveError, type ErrorKind } from '../errors.ts';
export { KEYRING_HELP, NO_STORE_HELP, KeychainUnavailableError } from '../secrets/keychain-errors.ts';
export { storedPassword } from '../secrets/password.ts';
export { createKeychainSecretStore } from '../secrets/keychain.ts';
export type { SecretStore } from '../secrets/secret-store.ts';
export {
  ARCHIVE_ENV,
  archiveDirectory,
  archiveExists,
  defaultArchivePath,
  resolveArchiveFile,
} from '../archive/location.ts';
export { openHeldConnections, type HeldConnections } from './archive-access.ts';
export { createJobManager, type JobRunSettings } from '../jobs/job-manager.ts';
export type { JobManager, JobManagerDeps } from '../jobs/types.ts';
export { describeArchiveFailure } from '../archive/failures.ts';
export { describeRange, resolveRange } from '../import/date-range.ts';
export { DEFAULT_RETRY } from '../import/retry-loop.ts';
export { MAX_QUERY_DEPTH, MAX_QUERY_LENGTH } from '../search/query-parser.ts';
export type { StoredAccount } from '../archive/accounts-repo.ts';
export type { MessageListing } from '../archive/listing.ts';
export type { AccountStatus, FolderStatus } from '../archive/status.ts';
export type { VerifyReport } from '../archive/verify.ts';
export type { SearchHit, SearchPage, SearchSort } from '../search/search.ts';
export type { ExportResult } from '../export/write.ts';
export type { ExportSelection, MboxDownload } from './exports.ts';
export type { JobSession } from './imports.ts';
export { createScheduler, type Scheduler } from '../schedule/scheduler.ts';
export { DEFAULT_INTERVALS, type Intervals } from '../schedule/due.ts';
export { createScheduleStore, type ScheduleStore } from '../schedule/schedule-store.ts';
export { readRunLog, type RunLogLine } from '../logs/run-log-file.ts';
export {
  hostCredentials,
  PRESET_NAMES,
  type AddOAuthRequest,
  type OAuthServer,
  type PresetName,
  type SignInHow,
} from './oauth.ts';
export { isNeedsSignIn } from '../auth/errors.ts';
export type { DiscoveryHooks } from './discovery.ts';
export type { ServerCandidate } from '../imap/discover.ts';

import type { StoredAccount } from '../archive/accounts-repo.ts';
import type { Credential } from '../imap/connect.ts';
import type { JobManager } from '../jobs/types.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { ArchiveAccess } from './archive-access.ts';

/** What every use case shares: the archive, the keychain, the login rule and (in a host) the jobs. */
export interface EngineContext {
  access: ArchiveAccess;
  secrets: SecretStore;
  /** what logs the account in: its password, or an OAuth2 access-token source */
  credentialFor(account: StoredAccount): Promise<Credential>;
  /** the host's job manager; a CLI command has none until it runs an import */
  jobs: JobManager | null;
}

import type { StoredAccount } from '../archive/accounts-repo.ts';
import type { JobManager } from '../jobs/types.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { ArchiveAccess } from './archive-access.ts';

/** What every use case shares: the archive, the keychain, the password rule and (in a host) the jobs. */
export interface EngineContext {
  access: ArchiveAccess;
  secrets: SecretStore;
  passwordFor(account: StoredAccount): Promise<string>;
  /** the host's job manager; a CLI command has none until it runs an import */
  jobs: JobManager | null;
}

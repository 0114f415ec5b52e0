import type { StoredAccount } from '../archive/accounts-repo.ts';
import { resolveArchiveFile } from '../archive/location.ts';
import type { Credential } from '../imap/connect.ts';
import type { JobManager } from '../jobs/types.ts';
import { accountAuth } from '../archive/account-auth-repo.ts';
import { createCredentials } from '../auth/credentials.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { accountUseCases } from './accounts.ts';
import type { EngineContext } from './context.ts';
import { heldAccess, perCallAccess, type HeldConnections } from './archive-access.ts';
import { discoveryUseCases, type DiscoveryHooks } from './discovery.ts';
import { exportUseCases } from './exports.ts';
import { importUseCases } from './imports.ts';
import { oauthUseCases } from './oauth.ts';
import { readUseCases } from './reads.ts';

export interface EngineOptions {
  /** the archive as the user gave it: a directory or a database file */
  archivePath: string;
  secrets: SecretStore;
  /**
   * a host's connections, held for its whole life; without them each use case opens the archive for its
   * own duration (the CLI), read-only unless it writes
   */
  connections?: HeldConnections;
  /** a host's job manager (over `connections.db`) */
  jobs?: JobManager;
  /** a password account's password for a login or an import (default: the keychain's, and only that) */
  passwordFor?: (account: StoredAccount) => Promise<string>;
  /** a host's credentials, shared with its job manager so an account's token refreshes never overlap */
  credentialFor?: (account: StoredAccount) => Promise<Credential>;
  /** replaces discovery's DNS lookups or probes (tests; default: the system's DNS and real probes) */
  discovery?: DiscoveryHooks;
}

/** The engine's use cases over one archive: what the CLI and the handlers call, and all they call. */
export function createEngine(options: EngineOptions) {
  const { archivePath, secrets } = options;
  const access = options.connections
    ? heldAccess(archivePath, options.connections)
    : perCallAccess(archivePath);
  const ctx: EngineContext = {
    access,
    secrets,
    jobs: options.jobs ?? null,
    // One per engine: an OAuth2 account's token source (and its refreshes) is shared by all its logins.
    credentialFor:
      options.credentialFor ??
      createCredentials({
        store: secrets,
        authOf: (account) => access.readCurrent((db) => accountAuth(db, account.id)),
        ...(options.passwordFor ? { passwordFor: options.passwordFor } : {}),
      }),
  };
  return {
    /** the archive's database file, absolute */
    archiveFile: () => resolveArchiveFile(archivePath),
    accounts: accountUseCases(ctx),
    imports: importUseCases(ctx),
    oauth: oauthUseCases(ctx),
    reads: readUseCases(ctx),
    exports: exportUseCases(ctx),
    discovery: discoveryUseCases(options.discovery),
  };
}

export type Engine = ReturnType<typeof createEngine>;

export * from './public.ts';

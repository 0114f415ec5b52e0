import type { StoredAccount } from '../archive/accounts-repo.ts';
import { resolveArchiveFile } from '../archive/location.ts';
import type { JobManager } from '../jobs/types.ts';
import { storedPassword } from '../secrets/password.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import { accountUseCases } from './accounts.ts';
import type { EngineContext } from './context.ts';
import { heldAccess, perCallAccess, type HeldConnections } from './archive-access.ts';
import { exportUseCases } from './exports.ts';
import { importUseCases } from './imports.ts';
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
  /** an account's password for a login or an import (default: the keychain's, and only that) */
  passwordFor?: (account: StoredAccount) => Promise<string>;
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
    passwordFor: options.passwordFor ?? ((account: StoredAccount) => storedPassword(account, secrets)),
  };
  return {
    /** the archive's database file, absolute */
    archiveFile: () => resolveArchiveFile(archivePath),
    accounts: accountUseCases(ctx),
    imports: importUseCases(ctx),
    reads: readUseCases(ctx),
    exports: exportUseCases(ctx),
  };
}

export type Engine = ReturnType<typeof createEngine>;

export * from './public.ts';

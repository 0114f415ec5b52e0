import type Database from 'better-sqlite3';
import type { Command } from 'commander';
import { openArchive } from '../engine/archive/open.ts';
import { createKeychainSecretStore } from '../engine/secrets/keychain.ts';
import type { SecretStore } from '../engine/secrets/secret-store.ts';
import { createOutput, type Output } from './output.ts';
import { defaultArchivePath } from './paths.ts';

export interface CliContext {
  archivePath: string;
  out: Output;
  secrets: SecretStore;
}

interface GlobalOptions {
  archive?: string;
  json?: boolean;
}

/** Builds what every command needs from the global options, wherever they were written. */
export function contextOf(command: Command): CliContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  return {
    archivePath: options.archive ?? defaultArchivePath(),
    out: createOutput(options.json === true),
    secrets: createKeychainSecretStore(),
  };
}

/** Runs `use` with the archive open, closing it whatever happens. */
export function withArchive<T>(archivePath: string, readonly: boolean, use: (db: Database.Database) => T): T {
  const db = openArchive(archivePath, { readonly });
  try {
    return use(db);
  } finally {
    db.close();
  }
}

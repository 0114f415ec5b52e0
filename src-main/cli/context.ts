import type { Command } from 'commander';
import {
  createEngine,
  createKeychainSecretStore,
  defaultArchivePath,
  type Engine,
} from '../engine/api/index.ts';
import { namedAccountPassword } from './password.ts';
import { createOutput, type Output } from './output.ts';

export interface CliContext {
  archivePath: string;
  out: Output;
  engine: Engine;
}

interface GlobalOptions {
  archive?: string;
  json?: boolean;
}

/**
 * Builds what every command needs from the global options, wherever they were written. `named` is the
 * account the command line names: MAILTROVE_PASSWORD is for that one only, every other gets the keychain's.
 */
export function contextOf(command: Command, named?: string): CliContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const archivePath = options.archive ?? defaultArchivePath();
  const secrets = createKeychainSecretStore();
  return {
    archivePath,
    out: createOutput(options.json === true),
    engine: createEngine({
      archivePath,
      secrets,
      ...(named === undefined
        ? {}
        : { passwordFor: (account) => namedAccountPassword(account, named, secrets) }),
    }),
  };
}

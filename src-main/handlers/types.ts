import type Database from 'better-sqlite3';
import type { Channel, ParsedRequestOf, Replies } from '../../src-shared/ipc/contract.ts';
import type {
  DiscoveryHooks,
  Engine,
  JobManager,
  JobManagerDeps,
  Scheduler,
  SecretStore,
} from '../engine/api/index.ts';
import type { EventHub } from './event-hub.ts';
import type { ErrorLog } from './reply.ts';
import type { SettingsStore } from './settings.ts';

/** Everything the handlers need; the transports (Electron, web) build it once per archive. */
export interface HandlerDeps {
  /** as the user gave it (directory or .sqlite file) */
  archivePath: string;
  /** the engine's one write connection */
  db: Database.Database;
  /**
   * a separate read-only connection (WAL): search, threads, the viewer and export read through it, so they
   * never wait behind an import's batch transaction
   */
  reader: Database.Database;
  secrets: SecretStore;
  jobs: JobManager;
  /** what logs an account in, shared with `jobs` (default: the keychain's, per engine) */
  credentialFor?: JobManagerDeps['passwordFor'];
  /** the long-running processes' scheduler (the app, `mailtrove serve`); absent elsewhere */
  scheduler?: Scheduler;
  events: EventHub;
  version: string;
  /** the window's last choices (default: settings.json beside the archive) */
  settings?: SettingsStore;
  log?: ErrorLog;
  /** replaces server discovery's DNS lookups (tests); absent: the system's */
  discovery?: DiscoveryHooks;
}

/** What each group of handlers works with: the engine's use cases over the deps' archive. */
export interface HandlerContext {
  engine: Engine;
  version: string;
}

/** A handler gets a request its channel's schema has already validated. */
export type Handler<C extends Channel> = (request: ParsedRequestOf<C>) => Promise<Replies[C]> | Replies[C];

export type HandlerTable<C extends Channel> = { [K in C]: Handler<K> };

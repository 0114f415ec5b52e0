import {
  openHeldConnections,
  hostCredentials,
  type JobManager,
  type DiscoveryHooks,
  type JobManagerDeps,
  type SecretStore,
} from '../engine/api/index.ts';
import { createEventHub } from './event-hub.ts';
import { createHandlers, type Handlers } from './index.ts';
import { startSchedules } from './schedule-host.ts';
import type { ErrorLog } from './reply.ts';

export interface EngineHostOptions {
  archivePath: string;
  secrets: SecretStore;
  version: string;
  createJobs: (deps: JobManagerDeps) => JobManager;
  log?: ErrorLog;
  /** replaces server discovery's DNS lookups (tests) */
  discovery?: DiscoveryHooks;
}

export interface EngineHost {
  handlers: Handlers;
  jobs: JobManager;
  /** pauses running jobs at their next batch boundary, then closes the archive */
  close(): Promise<void>;
}

/**
 * One archive served to one transport: the single writer connection (created on first use, so the app
 * starts on an empty machine), a read-only connection for searches, the job manager and the handlers.
 */
export function startEngineHost(options: EngineHostOptions): EngineHost {
  const { archivePath, secrets } = options;
  const connections = openHeldConnections(archivePath);
  const { db, reader } = connections;
  const events = createEventHub((error) => options.log?.('event listener failed', error));
  // The keychain only (passwords and OAuth2 tokens): MAILTROVE_PASSWORD is for one CLI command.
  // One for jobs and handlers alike, so an account's token refreshes never overlap.
  const credentialFor = hostCredentials(db, secrets);
  const jobs = options.createJobs({
    db,
    passwordFor: credentialFor,
    onProgress: (jobId, progress) => {
      events.emit('import:progress', { jobId, progress });
    },
    onState: (job) => {
      events.emit('job:state', job);
    },
  });
  const scheduler = startSchedules(archivePath, jobs, options.log);
  const handlers = createHandlers({
    archivePath,
    db,
    reader,
    secrets,
    jobs,
    credentialFor,
    scheduler,
    events,
    version: options.version,
    ...(options.log ? { log: options.log } : {}),
    ...(options.discovery ? { discovery: options.discovery } : {}),
  });
  let closing: Promise<void> | null = null;
  return {
    handlers,
    jobs,
    close() {
      scheduler.stop();
      closing ??= jobs.close().finally(() => {
        connections.close();
      });
      return closing;
    },
  };
}

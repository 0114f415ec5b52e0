/**
 * Entry of the engine's utility process (Electron's utilityProcess.fork): SQLite, IMAP and MIME work run
 * here, so the main process — and with it the window — never waits for them.
 * argv: --archive=PATH --version=X.Y.Z, set by engine-launcher.ts.
 */
import type {} from 'electron';
import { createJobManager } from '../engine/jobs/job-manager.ts';
import { createKeychainSecretStore } from '../engine/secrets/keychain.ts';
import { startEngineHost } from '../handlers/engine-host.ts';
import type { FromEngine } from './engine-protocol.ts';
import { serveEngine, type ParentPortLike } from './engine-server.ts';

const argument = (name: string): string => {
  const prefix = `--${name}=`;
  const value = process.argv.find((arg) => arg.startsWith(prefix));
  if (value === undefined) throw new Error(`engine-process: missing ${prefix}`);
  return value.slice(prefix.length);
};

// Electron's ParentPort types its messages as any; the protocol types them.
const parent = process.parentPort as unknown as ParentPortLike;

try {
  const host = startEngineHost({
    archivePath: argument('archive'),
    version: argument('version'),
    secrets: createKeychainSecretStore(),
    createJobs: createJobManager,
  });
  serveEngine(parent, host.handlers, () => host.close());
  // Jobs that were running when the app last ended go on where their checkpoints stand.
  host.jobs.resumeInterrupted().catch((error: unknown) => {
    console.error('MailTrove: could not resume interrupted imports', error);
  });
} catch (error) {
  // Most likely an archive from a newer MailTrove or an unreadable file: say so instead of dying silently.
  const message = error instanceof Error ? error.message : String(error);
  const failed: FromEngine = { type: 'failed', message };
  parent.postMessage(failed);
  // Requests already on their way get the same answer instead of waiting forever.
  parent.on('message', ({ data }) => {
    parent.postMessage(
      data.type === 'invoke'
        ? { type: 'reply', id: data.id, reply: { ok: false, error: { code: 'archive', message } } }
        : { type: 'closed' },
    );
  });
  console.error('MailTrove: the engine could not start', error);
}

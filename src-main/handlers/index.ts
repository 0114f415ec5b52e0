import {
  isChannel,
  parseRequest,
  type Channel,
  type EventName,
  type Events,
  type Replies,
  type Reply,
} from '../../src-shared/ipc/contract.ts';
import { createEngine } from '../engine/api/index.ts';
import type { AnyListener } from './event-hub.ts';
import { accountHandlers } from './accounts.ts';
import { archiveReadHandlers } from './archive-reads.ts';
import { exportHandlers, mboxDownload, type MboxDownload } from './exports.ts';
import { importHandlers } from './imports.ts';
import { oauthHandlers } from './oauth.ts';
import { toReplyError, type ErrorLog } from './reply.ts';
import { scheduleHandlers } from './schedules.ts';
import { createFileSettingsStore, settingsHandlers } from './settings.ts';
import { discoveryHandlers } from './discovery.ts';
import { statusHandlers } from './status.ts';
import type { Handler, HandlerDeps, HandlerTable } from './types.ts';

/** The contract served by the engine, whatever carries it (Electron IPC, HTTP, a test). */
export interface Handlers {
  /** validates `request` against the channel's schema, runs the handler, and always answers a Reply */
  invoke<C extends Channel>(channel: C, request: unknown): Promise<Reply<Replies[C]>>;
  /** returns the unsubscribe function */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** every event with its name, for transports that forward them all */
  onAny(listener: AnyListener): () => void;
  /** an export's mbox as bytes to stream, for transports that offer it as a download (the web server) */
  mboxDownload(source: unknown): Reply<MboxDownload>;
}

const logToStderr: ErrorLog = (what, error) => {
  console.error(`mailtrove: ${what}:`, error);
};

export function createHandlers(deps: HandlerDeps): Handlers {
  const engine = createEngine({
    archivePath: deps.archivePath,
    secrets: deps.secrets,
    connections: { db: deps.db, reader: deps.reader },
    jobs: deps.jobs,
    ...(deps.credentialFor ? { credentialFor: deps.credentialFor } : {}),
    ...(deps.discovery ? { discovery: deps.discovery } : {}),
  });
  const context = { engine, version: deps.version };
  const table: HandlerTable<Channel> = {
    ...accountHandlers(context),
    ...discoveryHandlers(context),
    ...importHandlers(context),
    ...oauthHandlers(context),
    ...statusHandlers(context),
    ...archiveReadHandlers(context),
    ...exportHandlers(context),
    ...settingsHandlers(deps.settings ?? createFileSettingsStore(deps.archivePath)),
    ...scheduleHandlers(deps, engine),
  };
  const log = deps.log ?? logToStderr;
  return {
    async invoke<C extends Channel>(channel: C, request: unknown): Promise<Reply<Replies[C]>> {
      // Transports check too; this keeps a channel name from a socket or a URL from reaching the table.
      if (!isChannel(channel)) {
        return { ok: false, error: { code: 'invalid-request', message: 'Unknown channel.' } };
      }
      const parsed = parseRequest(channel, request);
      if (!parsed.ok) return parsed;
      const handler: Handler<C> = table[channel];
      try {
        return { ok: true, value: await handler(parsed.value) };
      } catch (error) {
        return { ok: false, error: toReplyError(error, channel, log) };
      }
    },
    on: (event, listener) => deps.events.on(event, listener),
    onAny: (listener) => deps.events.onAny(listener),
    mboxDownload: (source) => mboxDownload(engine, source, log),
  };
}

import path from 'node:path';
import type Database from 'better-sqlite3';
import {
  exportSourceSchema,
  type ExportSource,
  type Reply,
  type ReplyError,
} from '../../src-shared/ipc/contract.ts';
import { selectMessageIds } from '../engine/export/eml.ts';
import { mboxChunks } from '../engine/export/mbox.ts';
import { exportToPath } from '../engine/export/write.ts';
import { matchingMessageIds } from '../engine/search/search.ts';
import { HandlerError, toReplyError, type ErrorLog } from './reply.ts';
import type { HandlerDeps, HandlerTable } from './types.ts';

type ExportChannels = 'export:run' | 'export:choose';

/** An mbox export as bytes to stream (the web server's download), read as the stream is consumed. */
export interface MboxDownload {
  messages: number;
  chunks: Iterable<Buffer>;
}

/** The message ids a source names, oldest first. */
function idsOf(reader: Database.Database, source: ExportSource): number[] {
  return 'query' in source ? matchingMessageIds(reader, source.query) : selectMessageIds(reader, source);
}

export function exportHandlers(deps: HandlerDeps): HandlerTable<ExportChannels> {
  const { reader } = deps;
  return {
    'export:run': async ({ source, format, out, overwrite }) => {
      // A relative path would land wherever the engine happens to run.
      if (!path.isAbsolute(out)) {
        throw new HandlerError('usage', `The export path must be absolute: ${out}`, 'Pick the place again.');
      }
      const ids = idsOf(reader, source);
      const result = await exportToPath(reader, ids, {
        archivePath: deps.archivePath,
        out,
        format,
        force: overwrite,
        howToForce: 'pick it again and confirm',
      });
      return { messages: result.messages, path: result.path };
    },
    // The desktop app answers this in its main process, where the dialog is; a browser downloads instead.
    'export:choose': () => {
      throw new HandlerError(
        'usage',
        'Only the desktop app can show a save dialog.',
        'In a browser, the export downloads as an mbox file.',
      );
    },
  };
}

/** Validates `source` like a request and prepares its mbox for streaming. */
export function mboxDownload(reader: Database.Database, source: unknown, log: ErrorLog): Reply<MboxDownload> {
  const parsed = exportSourceSchema.safeParse(source);
  if (!parsed.success) {
    const error: ReplyError = {
      code: 'invalid-request',
      message: `Invalid export: ${parsed.error.issues[0]?.message ?? 'malformed'}`,
    };
    return { ok: false, error };
  }
  try {
    const ids = idsOf(reader, parsed.data);
    const chunks = (function* () {
      for (const chunk of mboxChunks(reader, ids)) yield chunk.data;
    })();
    return { ok: true, value: { messages: ids.length, chunks } };
  } catch (error) {
    return { ok: false, error: toReplyError(error, 'export download', log) };
  }
}

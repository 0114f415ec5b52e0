import path from 'node:path';
import { exportSourceSchema, type Reply, type ReplyError } from '../../src-shared/ipc/contract.ts';
import type { Engine, MboxDownload } from '../engine/api/index.ts';
import { HandlerError, toReplyError, type ErrorLog } from './reply.ts';
import type { HandlerContext, HandlerTable } from './types.ts';

export type { MboxDownload };

type ExportChannels = 'export:run' | 'export:choose';

export function exportHandlers({ engine }: HandlerContext): HandlerTable<ExportChannels> {
  return {
    'export:run': async ({ source, format, out, overwrite }) => {
      // A relative path would land wherever the engine happens to run.
      if (!path.isAbsolute(out)) {
        throw new HandlerError('usage', `The export path must be absolute: ${out}`, 'Pick the place again.');
      }
      const result = await engine.exports.toPath(source, {
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
export function mboxDownload(engine: Engine, source: unknown, log: ErrorLog): Reply<MboxDownload> {
  const parsed = exportSourceSchema.safeParse(source);
  if (!parsed.success) {
    const error: ReplyError = {
      code: 'invalid-request',
      message: `Invalid export: ${parsed.error.issues[0]?.message ?? 'malformed'}`,
    };
    return { ok: false, error };
  }
  try {
    return { ok: true, value: engine.exports.mboxDownload(parsed.data) };
  } catch (error) {
    return { ok: false, error: toReplyError(error, 'export download', log) };
  }
}

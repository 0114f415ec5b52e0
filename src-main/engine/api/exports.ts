import type Database from 'better-sqlite3';
import type { ExportSource } from '../../../src-shared/ipc/contract.ts';
import { selectMessageIds } from '../export/eml.ts';
import { mboxChunks } from '../export/mbox.ts';
import { exportToPath, type ExportRequest, type ExportResult } from '../export/write.ts';
import { matchingMessageIds } from '../search/search.ts';
import type { EngineContext } from './context.ts';

/** What to export: the messages a query matches, or those in one folder (all when it is absent). */
export type ExportSelection = ExportSource | { folder?: string };

/** An mbox export as bytes to stream (the web server's download), read as the stream is consumed. */
export interface MboxDownload {
  messages: number;
  chunks: Iterable<Buffer>;
}

/** The message ids a selection names, oldest first. */
function idsOf(db: Database.Database, selection: ExportSelection): number[] {
  return 'query' in selection ? matchingMessageIds(db, selection.query) : selectMessageIds(db, selection);
}

export function exportUseCases(ctx: EngineContext) {
  const { access } = ctx;
  return {
    /**
     * Exports the selection to a path as mboxrd or .eml files, byte-identical to the server's copies;
     * `onProgress` gets the count once the ids are known (as done/total).
     */
    toPath(
      selection: ExportSelection,
      request: Omit<ExportRequest, 'archivePath' | 'onProgress'> & {
        onProgress?: (done: number, total: number) => void;
      },
    ): Promise<ExportResult> {
      // The archive stays open until the export's writes end.
      return access.read((db) => {
        const ids = idsOf(db, selection);
        const { onProgress, ...rest } = request;
        return exportToPath(db, ids, {
          ...rest,
          archivePath: access.archivePath,
          ...(onProgress
            ? {
                onProgress: (done: number) => {
                  onProgress(done, ids.length);
                },
              }
            : {}),
        });
      });
    },

    /**
     * The selection as an mbox stream, for a host that serves it as a download: the chunks are read from
     * the host's held read-only connection as the stream is consumed (so not for a per-call engine).
     */
    mboxDownload(selection: ExportSelection): MboxDownload {
      if (!access.held) throw new Error('An mbox download needs a host that holds its connections.');
      return access.readSync((db) => {
        const ids = idsOf(db, selection);
        const chunks = (function* () {
          for (const chunk of mboxChunks(db, ids)) yield chunk.data;
        })();
        return { messages: ids.length, chunks };
      });
    },
  };
}

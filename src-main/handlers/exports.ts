import path from 'node:path';
import type Database from 'better-sqlite3';
import type { ExportSource } from '../../src-shared/ipc/contract.ts';
import { selectMessageIds } from '../engine/export/eml.ts';
import { exportToPath } from '../engine/export/write.ts';
import { matchingMessageIds } from '../engine/search/search.ts';
import { HandlerError } from './reply.ts';
import type { HandlerDeps, HandlerTable } from './types.ts';

type ExportChannels = 'export:run';

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
  };
}

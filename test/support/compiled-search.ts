import type Database from 'better-sqlite3';
import { folderNames } from '../../src-main/engine/archive/search-queries.ts';
import { compileQuery } from '../../src-main/engine/search/compile.ts';
import { matchFolders } from '../../src-main/engine/search/folder-match.ts';
import { parseQuery } from '../../src-main/engine/search/query-parser.ts';

/**
 * Runs a query as the archive does (the compiled MATCH plus its SQL filters) over a test database with
 * `messages` and `message_fts`; the matching ids, ascending.
 */
export function compiledSearch(db: Database.Database, query: string): number[] {
  // Read only for a folder: term, as the engine does: some test databases have no folders table.
  let folders: ReturnType<typeof folderNames> | null = null;
  const { match, where, params } = compileQuery(parseQuery(query), (path) =>
    matchFolders((folders ??= folderNames(db)), path),
  );
  const sql =
    'SELECT m.id FROM messages m WHERE ' +
    (match === null ? '' : 'm.id IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ?) AND ') +
    `${where} ORDER BY m.id`;
  return db
    .prepare(sql)
    .pluck()
    .all(...(match === null ? params : [match, ...params])) as number[];
}

import { MailtroveError } from '../errors.ts';

/**
 * Runs the statements a search compiled to. SQLite answers SQLITE_ERROR when it refuses such a
 * statement (an FTS5 syntax error or "parser stack overflow", an expression tree too large): the query
 * asked for something the index cannot do, and the user changes the query. That is never the archive's
 * or the disk's fault, so it is reported as a query error; busy, I/O or corruption codes pass through.
 */
export function reportingQueryFailures<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!isSqliteError(error) || error.code !== 'SQLITE_ERROR') throw error;
    throw new MailtroveError('query', `The search index cannot run this search (${error.message}).`, {
      hint: 'Simplify the search: fewer terms, or fewer (groups) inside each other.',
      cause: error,
    });
  }
}

function isSqliteError(error: unknown): error is Error & { code: string } {
  return (
    error instanceof Error &&
    error.name === 'SqliteError' &&
    typeof (error as Error & { code?: unknown }).code === 'string'
  );
}

import { MailtroveError } from '../errors.ts';

/**
 * Turns SQLite's failures into messages a user can act on. Everything committed before stays (each
 * batch is one transaction), so each message says the import can simply go on later.
 */
export function describeArchiveFailure(error: unknown, account: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  const resume = `Everything archived so far is kept; continue with: mailtrove import ${account} --resume`;
  if (code === 'SQLITE_FULL') {
    return new MailtroveError('archive', 'The disk holding the archive is full.', {
      hint: `Free some space. ${resume}`,
      cause: error,
    });
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new MailtroveError('archive', 'The archive is locked by another program (another import?).', {
      hint: `Wait for it to finish or close it. ${resume}`,
      cause: error,
    });
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) {
    return new MailtroveError('archive', 'The archive cannot be written (read-only file or folder).', {
      hint: `Check the permissions of the archive folder. ${resume}`,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new MailtroveError('archive', `The archive could not be written: ${message} (${code}).`, {
    hint: resume,
    cause: error,
  });
}

import type { ErrorCode, ReplyError } from '../../src-shared/ipc/contract.ts';
import { isMailtroveError, type ErrorKind } from '../engine/api/index.ts';

/** A failure a handler reports on purpose, with a contract code the engine's error kinds do not have. */
export class HandlerError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | null;

  constructor(code: ErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'HandlerError';
    this.code = code;
    this.hint = hint ?? null;
  }
}

const CODE_OF_KIND: Record<ErrorKind, ErrorCode> = {
  usage: 'usage',
  query: 'query',
  config: 'config',
  auth: 'auth',
  connection: 'connection',
  archive: 'archive',
};

export type ErrorLog = (what: string, error: unknown) => void;

/**
 * What a reply says about a thrown error. Errors raised on purpose keep their message and hint; anything
 * else is a bug whose message may carry paths, SQL or worse, so the reply says only where it happened
 * and the details (with the stack) go to the log on this side of the transport.
 */
export function toReplyError(error: unknown, channel: string, log: ErrorLog): ReplyError {
  if (error instanceof HandlerError)
    return withHint({ code: error.code, message: error.message }, error.hint);
  if (isMailtroveError(error)) {
    return withHint({ code: CODE_OF_KIND[error.kind], message: error.message }, error.hint);
  }
  if (isSqliteError(error)) {
    log(`${channel}: archive error`, error);
    return {
      code: 'archive',
      message: `The archive could not be read or written (${error.code}).`,
      hint: sqliteHint(error.code),
    };
  }
  log(`${channel}: unexpected error`, error);
  return { code: 'internal', message: `Something went wrong in ${channel}; the details are in the log.` };
}

/** Advice that fits the code: the disk is blamed only when SQLite says the disk failed. */
function sqliteHint(code: string): string {
  if (code === 'SQLITE_FULL') return 'The disk holding the archive is full: free some space.';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return 'Another program holds the archive: wait for it to finish, or close it.';
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN'))
    return 'Check the permissions of the archive and its folder.';
  if (code.startsWith('SQLITE_IOERR')) return 'The disk failed to read or write the archive.';
  return 'The details are in the log.';
}

function withHint(error: ReplyError, hint: string | null): ReplyError {
  return hint === null ? error : { ...error, hint };
}

function isSqliteError(error: unknown): error is Error & { code: string } {
  return (
    error instanceof Error &&
    error.name === 'SqliteError' &&
    typeof (error as Error & { code?: unknown }).code === 'string'
  );
}

/**
 * Errors the engine raises on purpose. `kind` tells the caller what to do about it: the CLI maps it to an
 * exit code, the UI to a message. Anything else that escapes is a bug.
 */
export type ErrorKind =
  | 'usage' // bad flags or values from the user
  | 'query' // a search the query language or the search index cannot run: the user's to change
  | 'config' // missing account, unavailable keychain, archive from a newer version
  | 'auth' // the server refused the credentials: never retried
  | 'connection' // host unreachable, TLS failure, dropped connection
  | 'archive'; // the archive file could not be read or written

export class MailtroveError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | null;

  constructor(kind: ErrorKind, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'MailtroveError';
    this.kind = kind;
    this.hint = options.hint ?? null;
  }
}

export function isMailtroveError(error: unknown): error is MailtroveError {
  return error instanceof MailtroveError;
}

import type { ErrorKind } from '../engine/api/index.ts';

/** The CLI's exit codes, as documented in the README. */
export const EXIT = {
  ok: 0,
  finishedWithFailures: 1,
  usage: 2,
  connection: 3,
} as const;

export function exitCodeFor(kind: ErrorKind): number {
  switch (kind) {
    case 'auth':
    case 'connection':
      return EXIT.connection;
    case 'usage':
    case 'query':
    case 'config':
    case 'archive':
      return EXIT.usage;
  }
}

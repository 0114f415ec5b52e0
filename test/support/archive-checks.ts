import path from 'node:path';
import Database from 'better-sqlite3';
import type { CorpusMessage } from './corpus.ts';

/** Junk and Trash are not imported by default. */
export const inDefaultFolders = (m: CorpusMessage): boolean =>
  m.folders.some((f) => f !== 'Junk' && f !== 'Trash');

/** The memberships a default import of the corpus must end with. */
export const expectedMemberships = (corpus: CorpusMessage[]): number =>
  corpus.reduce((n, m) => n + m.folders.filter((f) => f !== 'Junk' && f !== 'Trash').length, 0);

export interface ArchiveContents {
  messages: number;
  memberships: number;
  /** hex SHA-256 of every stored message, sorted */
  shas: string[];
}

/** What an archive directory holds, read through a separate read-only connection. */
export function archiveContents(archiveDir: string): ArchiveContents {
  const db = new Database(path.join(archiveDir, 'mailtrove.sqlite'), { readonly: true });
  try {
    const shas = (db.prepare('SELECT sha256 FROM messages').pluck().all() as Buffer[])
      .map((b) => b.toString('hex'))
      .sort();
    return {
      messages: shas.length,
      memberships: db.prepare('SELECT count(*) FROM memberships').pluck().get() as number,
      shas,
    };
  } finally {
    db.close();
  }
}

/** What the archive must hold after a complete default import of the corpus. */
export function expectedContents(corpus: CorpusMessage[]): ArchiveContents {
  const shas = corpus
    .filter(inDefaultFolders)
    .map((m) => m.sha256)
    .sort();
  return { messages: shas.length, memberships: expectedMemberships(corpus), shas };
}

import type Database from 'better-sqlite3';
import { rethreadArchive } from '../threads-repo.ts';
import { initial } from './0001-initial.ts';
import { search } from './0002-search.ts';
import { jobs } from './0003-jobs.ts';
import { brotli } from './0004-brotli.ts';
import { rawParts } from './0005-raw-parts.ts';
import { serverValues } from './0006-server-values.ts';
import { oauth } from './0007-oauth.ts';
import { gmail } from './0008-gmail.ts';
import { topUp } from './0009-topup.ts';

export interface Migration {
  version: number;
  name: string;
  /**
   * Self-contained: it never imports code that may change later (copies kept for it live in frozen/),
   * so an old archive always migrates to the same result.
   */
  up: (db: Database.Database) => void;
  /** threads (derived data, not schema) are to be computed, by the current code, once migrated */
  rethread?: true;
}

/** Every migration, in order. A new one gets the next number and its own file and test. */
export const MIGRATIONS: readonly Migration[] = [
  initial,
  search,
  jobs,
  brotli,
  rawParts,
  serverValues,
  oauth,
  gmail,
  topUp,
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

/**
 * Brings the schema to LATEST_VERSION in one transaction: a crash half-way leaves the old schema intact.
 * The caller has already refused databases newer than this build.
 */
export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = MIGRATIONS.filter((m) => m.version > current);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const migration of pending) migration.up(db);
    if (pending.some((m) => m.rethread)) rethreadArchive(db);
    db.pragma(`user_version = ${LATEST_VERSION}`);
  })();
}

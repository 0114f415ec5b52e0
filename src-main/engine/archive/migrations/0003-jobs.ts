import type { Migration } from './registry.ts';

/**
 * Import jobs (issue 4): a job holds its parameters and counters across runs, with a history of every
 * state change. `folder_scans` keeps the UIDs a run found in range per folder, so "did it get
 * everything?" is answered UID by UID. `download_days` counts bytes per UTC day for daily budgets
 * across restarts.
 */
export const jobs: Migration = {
  version: 3,
  name: 'jobs',
  up: (db) => {
    db.exec(`
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts (id),
        state TEXT NOT NULL CHECK (state IN
          ('queued', 'running', 'paused', 'waiting', 'cancelled', 'completed', 'failed')),
        params TEXT NOT NULL,
        retry_failed INTEGER NOT NULL DEFAULT 0,
        summary TEXT,
        error TEXT,
        waiting_reason TEXT,
        waiting_until INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX jobs_account ON jobs (account_id, id);

      CREATE TABLE job_events (
        id INTEGER PRIMARY KEY,
        job_id INTEGER NOT NULL REFERENCES jobs (id),
        at INTEGER NOT NULL,
        state TEXT NOT NULL,
        message TEXT NOT NULL
      );
      CREATE INDEX job_events_job ON job_events (job_id, id);

      ALTER TABLE runs ADD COLUMN job_id INTEGER REFERENCES jobs (id);

      CREATE TABLE folder_scans (
        folder_id INTEGER PRIMARY KEY REFERENCES folders (id),
        uid_validity INTEGER NOT NULL,
        range_since TEXT,
        range_before TEXT,
        in_range TEXT NOT NULL,
        filtered TEXT NOT NULL DEFAULT '',
        scanned_at INTEGER NOT NULL
      );

      CREATE TABLE download_days (
        account_id INTEGER NOT NULL REFERENCES accounts (id),
        day TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        PRIMARY KEY (account_id, day)
      ) WITHOUT ROWID;
    `);
  },
};

import type { Migration } from './registry.ts';

/**
 * Values from the server that cannot be right are flagged instead of aborting the import (issue 17):
 * `messages.internal_date_error` says why a message's INTERNALDATE is a fallback (NULL: the server's own),
 * and `folder_errors` is the error log's entry for a folder or part of one left out because of the server
 * (e.g. a UIDVALIDITY outside 1..2^32-1), which message_errors, keyed by UID, cannot hold. Only adds.
 */
export const serverValues: Migration = {
  version: 6,
  name: 'server-values',
  up: (db) => {
    db.exec(`
      ALTER TABLE messages ADD COLUMN internal_date_error TEXT;
      CREATE INDEX messages_internal_date_error ON messages (internal_date_error)
        WHERE internal_date_error IS NOT NULL;

      CREATE TABLE folder_errors (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES runs (id),
        folder_id INTEGER NOT NULL REFERENCES folders (id),
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1,
        at INTEGER NOT NULL,
        UNIQUE (folder_id, code)
      );
    `);
  },
};

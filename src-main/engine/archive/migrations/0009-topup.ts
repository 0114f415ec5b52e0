import type { Migration } from './registry.ts';

/**
 * Top-ups (issue 22). `folder_checkpoints.highest_modseq` is the folder's CONDSTORE HIGHESTMODSEQ as of
 * its last complete scan (TEXT: a 63-bit number SQLite's INTEGER holds, but JavaScript's number does
 * not), so a later run asks only for the flags changed since. `memberships.deleted_at` is when a run
 * found the message gone from the server's folder: an archive never deletes, it says "deleted on server".
 * Only adds.
 */
export const topUp: Migration = {
  version: 9,
  name: 'topup',
  up: (db) => {
    db.exec(`
      ALTER TABLE folder_checkpoints ADD COLUMN highest_modseq TEXT;
      ALTER TABLE memberships ADD COLUMN deleted_at INTEGER;
      CREATE INDEX memberships_deleted ON memberships (folder_id, deleted_at) WHERE deleted_at IS NOT NULL;
    `);
  },
};

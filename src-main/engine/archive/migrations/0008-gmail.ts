import type { Migration } from './registry.ts';

/**
 * Gmail's own identities of archived messages (issue 20). `gmail_ids` maps an account's X-GM-MSGID to the
 * stored message, so a message already archived is never downloaded again from any of its label folders,
 * and keeps X-GM-THRID for threading. Ids are per account (the same bytes in two Gmail accounts have two
 * ids) and TEXT, because X-GM-MSGID is an unsigned 64-bit number SQLite's INTEGER cannot always hold.
 * `message_labels` holds X-GM-LABELS decoded to UTF-8, with `label_key` (case and accents folded) indexed
 * so that `label:NAME` is an index search, not a scan of every message. `gmail_sync` keeps a folder's
 * CONDSTORE HIGHESTMODSEQ as last read, so a later run asks only for label changes since (CHANGEDSINCE)
 * instead of downloading anything again. Only adds.
 */
export const gmail: Migration = {
  version: 8,
  name: 'gmail',
  up: (db) => {
    db.exec(`
      CREATE TABLE gmail_ids (
        account_id INTEGER NOT NULL REFERENCES accounts (id),
        gm_msgid TEXT NOT NULL,
        message_id INTEGER NOT NULL REFERENCES messages (id),
        gm_thrid TEXT,
        PRIMARY KEY (account_id, gm_msgid)
      ) WITHOUT ROWID;
      CREATE INDEX gmail_ids_message ON gmail_ids (message_id);

      CREATE TABLE message_labels (
        message_id INTEGER NOT NULL REFERENCES messages (id),
        account_id INTEGER NOT NULL REFERENCES accounts (id),
        label TEXT NOT NULL,
        label_key TEXT NOT NULL,
        PRIMARY KEY (message_id, account_id, label)
      ) WITHOUT ROWID;
      CREATE INDEX message_labels_key ON message_labels (label_key, message_id);

      CREATE TABLE gmail_sync (
        folder_id INTEGER NOT NULL REFERENCES folders (id),
        uid_validity INTEGER NOT NULL,
        highest_modseq TEXT NOT NULL,
        PRIMARY KEY (folder_id, uid_validity)
      ) WITHOUT ROWID;
    `);
  },
};

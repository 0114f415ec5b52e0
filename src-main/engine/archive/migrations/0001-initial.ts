import type { Migration } from './registry.ts';

/**
 * The first schema. Raw bytes live in their own table, apart from metadata and text, so that scans of
 * metadata and search never drag megabytes of mail through the page cache.
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up: (db) => {
    db.exec(`
      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        host TEXT NOT NULL,
        port INTEGER NOT NULL,
        security TEXT NOT NULL CHECK (security IN ('tls', 'starttls', 'none')),
        user TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        removed_at INTEGER
      );
      -- A removed account keeps its archived mail; its name can be used again.
      CREATE UNIQUE INDEX accounts_live_name ON accounts (name) WHERE removed_at IS NULL;

      CREATE TABLE folders (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts (id),
        path TEXT NOT NULL,
        delimiter TEXT NOT NULL,
        special_use TEXT,
        UNIQUE (account_id, path)
      );

      -- The resumable state of one (account, folder, UIDVALIDITY). Which UIDs are done is told by the
      -- memberships themselves, written in the same transaction; this row records what the last complete
      -- scan saw so that an unchanged folder can be skipped and a grown one topped up.
      CREATE TABLE folder_checkpoints (
        folder_id INTEGER NOT NULL REFERENCES folders (id),
        uid_validity INTEGER NOT NULL,
        complete INTEGER NOT NULL DEFAULT 0,
        uid_next INTEGER,
        server_messages INTEGER,
        range_since TEXT,
        range_before TEXT,
        in_range INTEGER,
        batches_done INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (folder_id, uid_validity)
      );

      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        sha256 BLOB NOT NULL UNIQUE,
        size INTEGER NOT NULL,
        message_id TEXT,
        in_reply_to TEXT,
        refs TEXT,
        subject TEXT,
        from_addr TEXT,
        to_addrs TEXT,
        cc_addrs TEXT,
        date INTEGER NOT NULL,
        date_source TEXT NOT NULL CHECK (date_source IN ('header', 'internal')),
        internal_date INTEGER NOT NULL,
        has_attachments INTEGER NOT NULL DEFAULT 0,
        parse_error TEXT,
        thread_id INTEGER,
        added_at INTEGER NOT NULL
      );
      CREATE INDEX messages_message_id ON messages (message_id);
      CREATE INDEX messages_parse_error ON messages (parse_error) WHERE parse_error IS NOT NULL;

      CREATE TABLE message_raw (
        message_id INTEGER PRIMARY KEY REFERENCES messages (id),
        codec TEXT NOT NULL CHECK (codec IN ('none', 'deflate-raw')),
        data BLOB NOT NULL
      );

      CREATE TABLE message_text (
        message_id INTEGER PRIMARY KEY REFERENCES messages (id),
        body TEXT NOT NULL
      );

      CREATE TABLE attachments (
        id INTEGER PRIMARY KEY,
        message_id INTEGER NOT NULL REFERENCES messages (id),
        filename TEXT,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL
      );
      CREATE INDEX attachments_message ON attachments (message_id);

      CREATE TABLE memberships (
        folder_id INTEGER NOT NULL REFERENCES folders (id),
        uid_validity INTEGER NOT NULL,
        uid INTEGER NOT NULL,
        message_id INTEGER NOT NULL REFERENCES messages (id),
        internal_date INTEGER NOT NULL,
        flags TEXT NOT NULL DEFAULT '',
        seen_at INTEGER NOT NULL,
        PRIMARY KEY (folder_id, uid_validity, uid)
      ) WITHOUT ROWID;
      CREATE INDEX memberships_message ON memberships (message_id);

      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts (id),
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        params TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
        summary TEXT
      );

      CREATE TABLE message_errors (
        id INTEGER PRIMARY KEY,
        run_id INTEGER REFERENCES runs (id),
        folder_id INTEGER NOT NULL REFERENCES folders (id),
        uid_validity INTEGER NOT NULL,
        uid INTEGER NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1,
        at INTEGER NOT NULL,
        UNIQUE (folder_id, uid_validity, uid)
      );
    `);
  },
};

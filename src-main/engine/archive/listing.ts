import type Database from 'better-sqlite3';

/** One stored message as `mailtrove messages` prints it (one JSON line each). */
export interface MessageListing {
  id: number;
  sha256: string;
  messageId: string | null;
  threadId: number | null;
  subject: string | null;
  from: string | null;
  to: string | null;
  date: string;
  dateSource: 'header' | 'internal';
  internalDate: string;
  /** why `internalDate` is a fallback (the Date header, or the time of import); null: the server's own */
  internalDateError: string | null;
  folders: string[];
  accounts: string[];
  size: number;
  hasAttachments: boolean;
  parseError: string | null;
  /** Gmail's labels of the message (X-GM-LABELS in UTF-8), every account's, sorted; [] elsewhere */
  labels: string[];
  /** Gmail's X-GM-MSGID (the smallest, if several Gmail accounts hold it), or null */
  gmMsgId: string | null;
}

interface ListingRow {
  id: number;
  sha256: Buffer;
  message_id: string | null;
  thread_id: number | null;
  subject: string | null;
  from_addr: string | null;
  to_addrs: string | null;
  date: number;
  date_source: 'header' | 'internal';
  internal_date: number;
  internal_date_error: string | null;
  size: number;
  has_attachments: number;
  parse_error: string | null;
  folders: string | null;
  accounts: string | null;
  labels: string | null;
  gm_msgid: string | null;
}

const SEPARATOR = '\u001f';

const LISTING_SQL = `SELECT m.*,
  (SELECT group_concat(path, char(31)) FROM (SELECT DISTINCT f.path FROM memberships ms
    JOIN folders f ON f.id = ms.folder_id WHERE ms.message_id = m.id)) AS folders,
  (SELECT group_concat(name, char(31)) FROM (SELECT DISTINCT a.name FROM memberships ms
    JOIN folders f ON f.id = ms.folder_id JOIN accounts a ON a.id = f.account_id
    WHERE ms.message_id = m.id)) AS accounts,
  (SELECT group_concat(label, char(31)) FROM (SELECT DISTINCT label FROM message_labels
    WHERE message_id = m.id)) AS labels,
  (SELECT gm_msgid FROM gmail_ids WHERE message_id = m.id
    ORDER BY length(gm_msgid), gm_msgid LIMIT 1) AS gm_msgid
  FROM messages m`;

/** Every stored message with the folders holding it, oldest id first, streamed. */
export function* listMessages(db: Database.Database): Generator<MessageListing> {
  const rows = db.prepare(`${LISTING_SQL} ORDER BY m.id`).iterate() as IterableIterator<ListingRow>;
  for (const row of rows) yield toListing(row);
}

/** The messages of one thread, in date order. */
export function listThread(db: Database.Database, threadId: number): MessageListing[] {
  const rows = db
    .prepare(`${LISTING_SQL} WHERE m.thread_id = ? ORDER BY m.date, m.id`)
    .all(threadId) as ListingRow[];
  return rows.map(toListing);
}

/** One stored message, or null. */
export function findListing(db: Database.Database, id: number): MessageListing | null {
  const row = db.prepare(`${LISTING_SQL} WHERE m.id = ?`).get(id) as ListingRow | undefined;
  return row ? toListing(row) : null;
}

function toListing(row: ListingRow): MessageListing {
  return {
    id: row.id,
    sha256: row.sha256.toString('hex'),
    messageId: row.message_id,
    threadId: row.thread_id,
    subject: row.subject,
    from: row.from_addr,
    to: row.to_addrs,
    date: new Date(row.date).toISOString(),
    dateSource: row.date_source,
    internalDate: new Date(row.internal_date).toISOString(),
    internalDateError: row.internal_date_error,
    folders: row.folders ? row.folders.split(SEPARATOR).sort() : [],
    accounts: row.accounts ? row.accounts.split(SEPARATOR).sort() : [],
    size: row.size,
    hasAttachments: row.has_attachments === 1,
    parseError: row.parse_error,
    labels: row.labels ? row.labels.split(SEPARATOR).sort() : [],
    gmMsgId: row.gm_msgid,
  };
}

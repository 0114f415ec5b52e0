/** Public shapes of the test corpus (see corpus.ts for the generator). */

export interface CorpusMessage {
  /** Exact bytes, CRLF line ends only. */
  raw: Buffer;
  /** Hex SHA-256 of raw. */
  sha256: string;
  /** Whole seconds; becomes the Maildir file's mtime, which Dovecot serves as INTERNALDATE. */
  internalDate: Date;
  /** Folder paths ('/'-separated, unicode, 'INBOX' for the inbox) that hold these exact bytes. */
  folders: string[];
  kind: CorpusKind;
  /** Message-ID without the angle brackets, or null when the header is absent. */
  messageId: string | null;
  /** Decoded subject ('' when absent or empty). */
  subject: string;
  /**
   * A unique word ('zq' + 7 base36 chars) that appears in this message's body text and nowhere else in
   * the corpus. Exceptions: for 'empty-body' it is in the Subject (there is no body); for 'broken-mime'
   * it is in the raw body of a multipart the archive cannot split.
   */
  plantedWord: string;
  /** Ground-truth thread id; messages of one reply chain (including subject-only replies) share it. */
  threadRoot: string;
  /** True only for objectively broken structure: a multipart whose boundary is missing or never used. */
  parseShouldFail: boolean;
}

export interface CorpusOptions {
  count: number;
  seed?: number;
  /** Latest internal date; default 2026-11-20T12:00:00Z so tests are deterministic. */
  now?: Date;
  /** How many 2–5 MB messages (part of count); default 2. */
  bigAttachments?: number;
  /** Spread of internal dates in years back from now; default 3.2. */
  years?: number;
}

export const CORPUS_KINDS = [
  'plain',
  'html',
  'alternative',
  'attachment',
  'big-attachment',
  'related',
  'forwarded',
  'no-message-id',
  'dup-message-id',
  'broken-mime',
  'odd-mime',
  'bad-date',
  'eight-bit-header',
  'charset-latin1',
  'charset-cp1252',
  'charset-iso2022jp',
  'charset-sjis',
  'charset-koi8r',
  'encoded-words',
  'quoted-printable',
  'base64-body',
  'from-lines',
  'empty-body',
  'reply',
  'reply-irt-only',
  'reply-subject-only',
] as const;

export type CorpusKind = (typeof CORPUS_KINDS)[number];

/**
 * Folders of the generated mailbox. 'Reisekostenabrechnung' itself is not a folder: Dovecot lists it
 * as \Noselect \HasChildren. 'Empty' never receives a message.
 */
export const CORPUS_FOLDERS: string[] = [
  'INBOX',
  'Sent',
  'Drafts',
  'Archive',
  'Archive/2023',
  'Archive/2023/Q1',
  'Reisekostenabrechnung/Übersicht',
  '日本語',
  'Notes & Ideas',
  'Junk',
  'Trash',
  'Empty',
];

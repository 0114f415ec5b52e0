/** Read models the contract replies with: what the window shows, with nothing it does not need. */
import type { ResultCount } from '../search-counts.ts';

export interface SearchHitView {
  threadId: number;
  /** the thread's messages that match, newest first */
  messages: { id: number; sha256: string }[];
  /** every message in the thread, matching or not */
  threadSize: number;
  subject: string | null;
  from: string | null;
  /** ISO 8601 */
  date: string;
  folders: string[];
  /** with **highlight** markers around matched words */
  snippet: string;
  score: number;
}

/** The result counts are those of search-counts.ts, as the CLI reports them. */
export interface SearchPageView extends ResultCount {
  hits: SearchHitView[];
  /** the hits' order: the one asked for, or 'date' when the words are in too much mail to rank */
  order: 'relevance' | 'date';
}

export interface ThreadMessageView {
  id: number;
  sha256: string;
  subject: string | null;
  from: string | null;
  to: string | null;
  date: string;
  folders: string[];
  hasAttachments: boolean;
  parseError: string | null;
}

export interface AttachmentView {
  index: number;
  filename: string | null;
  contentType: string;
  size: number;
}

/** An image part of the message that its HTML shows by Content-ID (`cid:`), sent with the message. */
export interface InlineImageView {
  /** as written in the Content-ID header, angle brackets included */
  contentId: string;
  /** image/… */
  contentType: string;
  base64: string;
}

/** One message for the viewer. `html` is the mail's own HTML, unsanitized: the renderer sanitizes it. */
export interface MessageView {
  id: number;
  sha256: string;
  messageId: string | null;
  subject: string | null;
  from: string | null;
  to: string | null;
  cc: string | null;
  date: string;
  folders: string[];
  text: string | null;
  html: string | null;
  attachments: AttachmentView[];
  /** the image parts its HTML can show inline (`cid:`), within a size budget */
  inlineImages: InlineImageView[];
  parseError: string | null;
  size: number;
}

/** How far a folder's archive got against the server's last scan (as `mailtrove status` says it). */
export type FolderScanState = 'complete' | 'partial' | 'skipped' | 'not-started';

/** One folder of the completeness view: on the server vs archived, and every gap with its cause. */
export interface FolderStatusView {
  path: string;
  state: FolderScanState;
  /** messages on the server in the last scan's range; null before any scan */
  onServer: number | null;
  archived: number;
  missing: { uid: number; cause: 'failed' | 'filtered' | 'vanished' | 'pending' }[];
  /** the error log's messages under the current UIDVALIDITY, by code */
  errors: { code: string; count: number }[];
  /** why the folder itself was left out, in the server's or the engine's words */
  folderErrors: { code: string; message: string }[];
  /** stored with a fallback date: the server's INTERNALDATE was unusable */
  badInternalDates: number;
}

/** What the archive knows of an account's completeness, without asking the server. */
export interface AccountStatusView {
  account: string;
  lastRun: { startedAt: number; finishedAt: number | null; status: string } | null;
  folders: FolderStatusView[];
}

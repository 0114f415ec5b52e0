import type Database from 'better-sqlite3';
import PostalMime, { type Email } from 'postal-mime';
import type { AttachmentView, InlineImageView, MessageView } from '../../../src-shared/ipc/views.ts';
import { createRawDecoder, type RawRow } from './raw-repo.ts';

interface ViewRow extends RawRow {
  id: number;
  sha256: Buffer;
  message_id: string | null;
  subject: string | null;
  from_addr: string | null;
  to_addrs: string | null;
  cc_addrs: string | null;
  date: number;
  size: number;
  parse_error: string | null;
  folders: string | null;
}

const VIEW_SQL = `SELECT m.id, m.sha256, m.message_id, m.subject, m.from_addr, m.to_addrs, m.cc_addrs, m.date,
    m.size, m.parse_error, r.codec, r.data,
    (SELECT group_concat(path, char(31)) FROM (SELECT DISTINCT f.path FROM memberships ms
      JOIN folders f ON f.id = ms.folder_id WHERE ms.message_id = m.id ORDER BY f.path)) AS folders
  FROM messages m JOIN message_raw r ON r.message_id = m.id WHERE m.id = ?`;

function readRow(db: Database.Database, id: number): { row: ViewRow; raw: Buffer } | null {
  const row = db.prepare(VIEW_SQL).get(id) as ViewRow | undefined;
  return row ? { row, raw: createRawDecoder(db)(id, row) } : null;
}

/**
 * Parses the stored bytes again for the viewer. The archive keeps only the text for search, so the HTML
 * and the attachments come from the raw message, which is the one source of truth. Uses the platform's
 * Blob: the fast stand-in of the parser workers is for bulk imports, one message does not need it.
 */
async function parseStored(raw: Buffer): Promise<{ email: Email | null; error: string | null }> {
  try {
    const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
    return { email, error: null };
  } catch (error) {
    return { email: null, error: `MIME parser failed: ${(error as Error).message}` };
  }
}

function contentBytes(content: ArrayBuffer | Uint8Array | string): Buffer {
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  return content instanceof ArrayBuffer ? Buffer.from(content) : Buffer.from(content);
}

/**
 * The viewer gets inline images with the message, up to this many bytes in all; the rest stay
 * attachments to save. Ten screenshots' worth, and small enough to cross IPC or the web socket at once.
 */
export const INLINE_IMAGE_BUDGET = 10 * 1024 * 1024;

/**
 * The image parts an HTML body can show by Content-ID, in order, within INLINE_IMAGE_BUDGET. Which of
 * them the HTML really uses, and how, is the viewer's to decide: it never trusts the mail's markup.
 */
function inlineImages(email: Email): InlineImageView[] {
  if (email.html === undefined) return [];
  const images: InlineImageView[] = [];
  let budget = INLINE_IMAGE_BUDGET;
  for (const attachment of email.attachments) {
    const type = attachment.mimeType.toLowerCase();
    if (attachment.contentId === undefined || !type.startsWith('image/')) continue;
    const bytes = contentBytes(attachment.content);
    if (bytes.byteLength > budget) continue;
    budget -= bytes.byteLength;
    images.push({ contentId: attachment.contentId, contentType: type, base64: bytes.toString('base64') });
  }
  return images;
}

/**
 * One stored message for the viewer: headers, text, the mail's own (unsanitized) HTML and attachments;
 * null when the archive holds no message with that id.
 */
export async function readMessageView(db: Database.Database, id: number): Promise<MessageView | null> {
  const found = readRow(db, id);
  if (!found) return null;
  const { row } = found;
  const { email, error } = await parseStored(found.raw);
  const attachments: AttachmentView[] = (email?.attachments ?? []).map((attachment, index) => ({
    index,
    filename: attachment.filename,
    contentType: attachment.mimeType,
    size: contentBytes(attachment.content).byteLength,
  }));
  return {
    id: row.id,
    sha256: row.sha256.toString('hex'),
    messageId: row.message_id,
    subject: row.subject,
    from: row.from_addr,
    to: row.to_addrs,
    cc: row.cc_addrs,
    date: new Date(row.date).toISOString(),
    folders: row.folders ? row.folders.split('\u001f') : [],
    text: email?.text ?? null,
    html: email?.html ?? null,
    attachments,
    inlineImages: email === null ? [] : inlineImages(email),
    parseError: row.parse_error ?? error,
    size: row.size,
  };
}

export interface AttachmentContent {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** The decoded bytes of one attachment, by its index in readMessageView's list; null when there is none. */
export async function readAttachment(
  db: Database.Database,
  id: number,
  index: number,
): Promise<AttachmentContent | null> {
  const found = readRow(db, id);
  if (!found) return null;
  const { email } = await parseStored(found.raw);
  const attachment = email?.attachments[index];
  if (!attachment) return null;
  return {
    // A name for the save dialog even when the mail gave none.
    filename: attachment.filename ?? `attachment-${index + 1}`,
    contentType: attachment.mimeType,
    content: contentBytes(attachment.content),
  };
}

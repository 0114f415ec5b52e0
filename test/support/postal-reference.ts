/**
 * The MIME reading MailTrove used before its own reader (src-main/engine/mime/read-message.ts): postal-mime's
 * full parse. Kept for the differential test that holds the two to the same results on the corpus.
 */
import PostalMime, { type Address, type Email } from 'postal-mime';
import { compile } from 'html-to-text';
import type { AttachmentInfo, ParsedMessage } from '../../src-main/engine/mime/parsed-message.ts';
import { parseDateHeader } from '../../src-main/engine/mime/date-header.ts';
import { readEntity } from '../../src-main/engine/mime/mime-tree.ts';
import { findStructuralDefect, rawBodyText } from '../../src-main/engine/mime/structure.ts';
import { ownedBuffer } from '../../src-main/engine/mime/transfer.ts';
import { unparsedMessage } from '../../src-main/engine/mime/unparsed.ts';

/** Body text beyond this is not indexed (the raw message keeps it all). */
const MAX_BODY_TEXT = 1_000_000;

/** Extracts metadata, text and attachment facts. Never throws: failures become `parseError`. */
export async function parseMessage(raw: Uint8Array): Promise<ParsedMessage> {
  const defect = findStructuralDefect(readEntity(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)));
  let email: Email;
  try {
    // postal-mime copies a byte view into an ArrayBuffer of its own; bytes that own their whole buffer (as
    // a message handed to a parser thread does) go as that buffer, so a big one is not held twice.
    email = await PostalMime.parse(ownedBuffer(raw) ?? raw, { attachmentEncoding: 'arraybuffer' });
  } catch (error) {
    return unparsedMessage(`MIME parser failed: ${(error as Error).message}`);
  }
  return {
    messageId: firstMessageId(email.messageId),
    inReplyTo: firstMessageId(email.inReplyTo),
    references: allMessageIds(email.references),
    subject: email.subject ?? null,
    from: email.from ? formatAddresses([email.from]) : null,
    to: email.to ? formatAddresses(email.to) : null,
    cc: email.cc ? formatAddresses(email.cc) : null,
    // The raw header, not postal-mime's normalised date, so impossible days are caught.
    dateHeader: parseDateHeader(email.headers.find((h) => h.key === 'date')?.value),
    // A broken multipart yields no parts: index its raw body so its words can still be found.
    bodyText: (defect !== null && !email.text && !email.html ? rawBodyText(raw) : bodyText(email)).slice(
      0,
      MAX_BODY_TEXT,
    ),
    attachments: email.attachments.map(toAttachmentInfo),
    parseError: defect,
  };
}

const MSG_ID = /<([^<>\s]+)>/g;

function allMessageIds(value: string | undefined): string[] {
  if (!value) return [];
  return [...value.matchAll(MSG_ID)].map((m) => m[1] as string);
}

/** A Message-ID without its angle brackets; tolerates a bare id without them. */
function firstMessageId(value: string | undefined): string | null {
  if (!value) return null;
  const inBrackets = allMessageIds(value)[0];
  if (inBrackets) return inBrackets;
  const bare = value.trim();
  return bare === '' ? null : bare;
}

function formatAddresses(addresses: Address[]): string {
  const mailboxes = addresses.flatMap((a) => (a.group ? a.group : [a]));
  return mailboxes
    .map((m) => (m.name ? `${m.name} <${m.address}>` : m.address))
    .filter((s) => s !== '')
    .join(', ');
}

/**
 * Compiled once: `convert()` rebuilds its selector machinery on every call, which made it 3x slower on
 * the benchmark's HTML-only mail (same output, checked message by message).
 */
const htmlToText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { ignoreHref: true } },
  ],
});

function bodyText(email: Email): string {
  if (email.text && email.text.trim() !== '') return email.text;
  if (email.html) return htmlToText(email.html);
  return '';
}

function toAttachmentInfo(attachment: Email['attachments'][number]): AttachmentInfo {
  const content = attachment.content;
  const size = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
  return { filename: attachment.filename, contentType: attachment.mimeType, size };
}

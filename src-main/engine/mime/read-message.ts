import { compile } from 'html-to-text';
import { addressParser, decodeWords, type Address } from 'postal-mime';
import { entityText } from './entity-text.ts';
import { firstField, type HeaderField } from './header-fields.ts';
import { readEntity, type MimeEntity } from './mime-tree.ts';
import type { AttachmentInfo } from './parsed-message.ts';
import { findStructuralDefect } from './structure.ts';
import { decodedLength, decodeTransfer } from './transfer-decoding.ts';

/** What the archive reads from a message's MIME: header fields decoded, the text of its body, its files. */
export interface MessageReading {
  subject: string | null;
  from: string | null;
  to: string | null;
  cc: string | null;
  /** Message-ID, In-Reply-To and References as written, encoded words decoded */
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
  /** the Date field as written */
  date: string | null;
  /** the body as text: the plain version of each part, HTML converted where there is no plain one */
  text: string;
  attachments: AttachmentInfo[];
  /** why the message's MIME structure is broken (structure.ts), or null */
  defect: string | null;
}

export interface ReadOptions {
  /** only the text is wanted (a search snippet): attachments are listed with size 0, none is decoded */
  textOnly?: boolean;
}

/** A forwarded message inside a forwarded message inside… is read this deep, and kept as a file beyond. */
const MAX_NESTED_MESSAGES = 8;

/**
 * Reads a message without copying it: the structure from the raw bytes (mime-tree.ts), then only the parts
 * that become text are decoded. In a multipart/alternative the HTML version is not even decoded when a plain
 * one exists. Header fields go through postal-mime's address parser and encoded-word decoder.
 */
export function readMessage(bytes: Buffer, options: ReadOptions = {}, nesting = 0): MessageReading {
  const root = readEntity(bytes);
  const found: Found = {
    slots: [],
    attachments: [],
    reports: hasReportPart(root),
    nesting,
    textOnly: options.textOnly === true,
  };
  collect(root, null, found);
  const fields = root.fields;
  return {
    subject: decodedField(fields, 'subject'),
    from: formatAddresses(addressesOf(firstField(fields, 'from')).slice(0, 1)),
    to: formatAddresses(allAddresses(fields, 'to')),
    cc: formatAddresses(allAddresses(fields, 'cc')),
    messageId: decodedField(fields, 'message-id'),
    inReplyTo: decodedField(fields, 'in-reply-to'),
    references: decodedField(fields, 'references'),
    date: firstField(fields, 'date') || null,
    text: renderText(found.slots),
    attachments: found.attachments,
    defect: findStructuralDefect(root),
  };
}

/**
 * One place in the body where text goes: a text part of its own, or a multipart/alternative whose versions
 * of one text are gathered together, so the body holds that text once, not once per version.
 */
interface TextSlot {
  plain: (MimeEntity | string)[];
  html: MimeEntity[];
}

interface Found {
  slots: TextSlot[];
  attachments: AttachmentInfo[];
  /** a delivery or feedback report: its enclosed message is evidence, kept as a file, not body text */
  reports: boolean;
  nesting: number;
  textOnly: boolean;
}

function collect(entity: MimeEntity, alternative: TextSlot | null, found: Found): void {
  const type = entity.type.value;
  if (type.startsWith('multipart/')) {
    const slot = type === 'multipart/alternative' ? addSlot(found) : alternative;
    for (const part of entity.parts) collect(part, slot, found);
    return;
  }
  const inline = entity.disposition.value !== 'attachment';
  if (type === 'message/rfc822' && inline && !found.reports && found.nesting < MAX_NESTED_MESSAGES) {
    const inner = readMessage(
      decodeTransfer(entity.transferEncoding, entity.body),
      { textOnly: found.textOnly },
      found.nesting + 1,
    );
    addSlot(found).plain.push(forwardedText(inner));
    found.attachments.push(...inner.attachments);
    return;
  }
  if (inline && (type === 'text/plain' || type === 'text/html')) {
    const slot = alternative ?? addSlot(found);
    if (type === 'text/html') slot.html.push(entity);
    else slot.plain.push(entity);
    return;
  }
  const filename = entity.disposition.params.get('filename') ?? entity.type.params.get('name');
  found.attachments.push({
    filename: filename ? decodeWords(filename) : null,
    contentType: type,
    size: found.textOnly ? 0 : decodedLength(entity.transferEncoding, entity.body),
  });
}

function addSlot(found: Found): TextSlot {
  const slot: TextSlot = { plain: [], html: [] };
  found.slots.push(slot);
  return slot;
}

/**
 * The plain version of each slot, or its HTML converted where it has none. If that leaves no words at all
 * (an empty text/plain beside the real HTML), the HTML versions are used instead.
 */
function renderText(slots: TextSlot[]): string {
  const plain = slots
    .map((slot) => (slot.plain.length > 0 ? slot.plain.map(textOf).join('\n') : htmlText(slot.html)))
    .filter((text) => text !== '')
    .join('\n');
  if (plain.trim() !== '') return plain;
  return htmlText(slots.flatMap((slot) => slot.html));
}

function textOf(item: MimeEntity | string): string {
  return typeof item === 'string' ? item : entityText(item);
}

function htmlText(parts: MimeEntity[]): string {
  return parts.map((part) => htmlAsText(entityText(part))).join('\n');
}

/** HTML beyond this many characters has its tags dropped instead of being laid out as text. */
const HTML_LAYOUT_LIMIT = 1_000_000;

/**
 * html-to-text lays out the page, which costs about 60 ms per MB and recurses once per nested element:
 * thousands of unclosed tags overflow the stack, and that must not cost the message its subject and
 * sender. Huge or hostile HTML has its tags dropped instead, which keeps every word findable.
 */
function htmlAsText(html: string): string {
  if (html.length <= HTML_LAYOUT_LIMIT) {
    try {
      return htmlToText(html);
    } catch {
      // fall through to the plain reading
    }
  }
  return html.replace(/<[^>]*>/g, ' ').replace(/[ \t]+/g, ' ');
}

/** Compiled once: `convert()` rebuilds its selector machinery on every call, with the same output. */
const htmlToText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { ignoreHref: true } },
  ],
});

/** A forwarded message as text: who sent it, about what and when, then its body, so all of it is found. */
function forwardedText(inner: MessageReading): string {
  const header = (
    [
      ['From', inner.from],
      ['Subject', inner.subject],
      ['Date', inner.date],
      ['To', inner.to],
    ] as const
  )
    .filter(([, value]) => value)
    .map(([name, value]) => `${name}: ${value}`);
  return [...header, '', inner.text].join('\n');
}

function hasReportPart(entity: MimeEntity): boolean {
  const type = entity.type.value;
  if (type === 'message/delivery-status' || type === 'message/feedback-report') return true;
  return entity.parts.some(hasReportPart);
}

function decodedField(fields: HeaderField[], name: string): string | null {
  const value = firstField(fields, name);
  return value ? decodeWords(value) : null;
}

function addressesOf(value: string | undefined): Address[] {
  return value ? addressParser(value) : [];
}

function allAddresses(fields: HeaderField[], name: string): Address[] {
  return fields.filter((field) => field.name === name).flatMap((field) => addressesOf(field.value));
}

/** Addresses as `Name <address>` (or the bare address), group members listed in place of their group. */
function formatAddresses(addresses: Address[]): string | null {
  if (addresses.length === 0) return null;
  return addresses
    .flatMap((a) => (a.group ? a.group : [a]))
    .map((m) => (m.name ? `${m.name} <${m.address}>` : m.address))
    .filter((s) => s !== '')
    .join(', ');
}

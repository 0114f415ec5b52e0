import type { ParsedMessage } from './parsed-message.ts';
import { toStoredContent, type StoredContent } from './stored-content.ts';

/** How `parse_error` begins for a message stored without its MIME being read (too big, or it killed a thread). */
export const NOT_PARSED = 'not parsed';

/** How `parse_error` begins when reading the MIME threw. */
export const PARSER_FAILED = 'MIME parser failed';

/** Whether a stored message's MIME was never read (so reading it later is no safer). */
export function wasNotParsed(parseError: string | null): boolean {
  return parseError !== null && (parseError.startsWith(NOT_PARSED) || parseError.startsWith(PARSER_FAILED));
}

/** What is known of a message whose MIME was not read: nothing but why. */
export function unparsedMessage(reason: string): ParsedMessage {
  return {
    messageId: null,
    inReplyTo: null,
    references: [],
    subject: null,
    from: null,
    to: null,
    cc: null,
    dateHeader: null,
    bodyText: '',
    attachments: [],
    parseError: reason,
  };
}

/** A message kept byte-for-byte without its MIME being read: flagged with why, never dropped. */
export function unparsedContent(raw: Buffer, reason: string): StoredContent {
  return toStoredContent(unparsedMessage(reason), raw);
}

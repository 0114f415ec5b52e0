import type { ParsedMessage } from './parsed-message.ts';
import { toStoredContent, type StoredContent } from './stored-content.ts';

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

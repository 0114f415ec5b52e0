import type { ParsedMessage } from './parsed-message.ts';
import { parseDateHeader } from './date-header.ts';
import { readMessage, type ReadOptions } from './read-message.ts';
import { rawBodyText } from './structure.ts';
import { PARSER_FAILED, unparsedMessage } from './unparsed.ts';

/** Body text beyond this is not indexed (the raw message keeps it all). */
const MAX_BODY_TEXT = 1_000_000;

/** Extracts metadata, text and attachment facts. Never throws: failures become `parseError`. */
export function parseMessage(raw: Uint8Array, options: ReadOptions = {}): ParsedMessage {
  let message;
  try {
    message = readMessage(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), options);
  } catch (error) {
    return unparsedMessage(`${PARSER_FAILED}: ${(error as Error).message}`);
  }
  const defect = message.defect;
  return {
    messageId: firstMessageId(message.messageId),
    inReplyTo: firstMessageId(message.inReplyTo),
    references: allMessageIds(message.references),
    subject: message.subject,
    from: message.from,
    to: message.to,
    cc: message.cc,
    // The raw header, not a normalised date, so impossible days are caught.
    dateHeader: parseDateHeader(message.date ?? undefined),
    // A broken multipart yields no parts: index its raw body so its words can still be found.
    bodyText: (defect !== null && message.text === '' ? rawBodyText(raw) : message.text).slice(
      0,
      MAX_BODY_TEXT,
    ),
    attachments: message.attachments,
    parseError: defect,
  };
}

const MSG_ID = /<([^<>\s]+)>/g;

function allMessageIds(value: string | null): string[] {
  if (!value) return [];
  return [...value.matchAll(MSG_ID)].map((m) => m[1] as string);
}

/** A Message-ID without its angle brackets; tolerates a bare id without them. */
function firstMessageId(value: string | null): string | null {
  if (!value) return null;
  const inBrackets = allMessageIds(value)[0];
  if (inBrackets) return inBrackets;
  const bare = value.trim();
  return bare === '' ? null : bare;
}

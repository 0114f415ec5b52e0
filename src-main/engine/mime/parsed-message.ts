/** What the MIME parser extracts from one message; the raw bytes stay the source of truth. */
export interface ParsedMessage {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string | null;
  from: string | null;
  to: string | null;
  cc: string | null;
  /** the Date header in ms since the epoch, or null when missing or unparseable */
  dateHeader: number | null;
  bodyText: string;
  attachments: AttachmentInfo[];
  /** why the message is flagged as unparseable; it is stored raw all the same */
  parseError: string | null;
}

export interface AttachmentInfo {
  filename: string | null;
  contentType: string;
  size: number;
}

export type RawCodec = 'none' | 'deflate-raw' | 'brotli';

/** Raw bytes as stored: possibly compressed, always restorable byte-for-byte. */
export interface StoredRaw {
  codec: RawCodec;
  data: Uint8Array;
}

/**
 * A large message as stored: its bytes cut in pieces, each packed on its own (raw-codec.ts says why).
 * Joined in order they are the message, byte for byte.
 */
export interface StoredParts {
  codec: 'parts';
  parts: StoredRaw[];
}

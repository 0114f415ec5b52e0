import { segmentCjk } from '../text/cjk.ts';
import type { ParsedMessage, StoredParts, StoredRaw } from './parsed-message.ts';
import { encodeRaw } from './raw-codec.ts';
import { ownedBytes } from './transfer.ts';

/** The parsed fields the archive keeps in columns; the body text travels as `searchBody`. */
export type MessageFields = Omit<ParsedMessage, 'bodyText'>;

/** Everything the archive stores for a new message, ready to write. */
export interface StoredContent {
  parsed: MessageFields;
  /** whole, or in parts for a large message */
  raw: StoredRaw | StoredParts;
  /**
   * The body text as the full-text index takes it: CJK-segmented UTF-8. Bytes, not a string, because it
   * is the bulk of what a parser thread sends back (about half the size of the mail itself): as a string
   * it was copied into the main thread's heap and again by every young-generation collection while its
   * batch waited to be written. The text itself
   * is not stored: snippets are read from the raw message, for the hits shown only (search.ts).
   */
  searchBody: Uint8Array;
}

const utf8 = new TextEncoder();

/**
 * Packs a parsed message for storage. Every byte array owns its whole buffer, so a parser thread can
 * transfer them instead of cloning (transfer.ts).
 */
export function toStoredContent(parsed: ParsedMessage, raw: Uint8Array | StoredParts): StoredContent {
  const { bodyText, ...fields } = parsed;
  const segmented = segmentCjk(bodyText);
  let stored: StoredRaw | StoredParts;
  if (raw instanceof Uint8Array) {
    const packedRaw = encodeRaw(raw);
    stored = { codec: packedRaw.codec, data: ownedBytes(packedRaw.data) };
  } else stored = raw;
  return {
    parsed: fields,
    raw: stored,
    // TextEncoder's bytes own their buffer (a small Buffer.from shares an 8 KB slab and would be copied).
    searchBody: utf8.encode(segmented),
  };
}

/** The stored byte arrays of `content`: the raw message (whole or its parts) and the search text. */
export function storedBytes(content: StoredContent): Uint8Array[] {
  const raw = content.raw.codec === 'parts' ? content.raw.parts : [content.raw];
  return [...raw.map((part) => part.data), content.searchBody];
}

/** The buffers of `content` that a thread can hand over instead of copying. */
export function transferables(content: StoredContent): ArrayBuffer[] {
  // A set: a buffer listed twice for transfer is an error, whichever of the two views it backs.
  const buffers = new Set(storedBytes(content).map((bytes) => bytes.buffer));
  return [...buffers].filter((buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer);
}

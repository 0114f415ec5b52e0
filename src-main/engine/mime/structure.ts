import { findHeaderBounds } from './header-fields.ts';
import type { MimeEntity } from './mime-tree.ts';

/**
 * Objective structural defects that make a message unparseable as MIME. Readers are lenient by design and
 * will "parse" anything, so a broken multipart would otherwise slip into the archive looking like an empty
 * message. Such messages are stored raw and flagged.
 */
export function findStructuralDefect(root: MimeEntity): string | null {
  if (!root.type.value.startsWith('multipart/')) return null;
  const boundary = root.type.params.get('boundary');
  if (!boundary) return 'multipart message without a boundary parameter';
  // RFC 2046 5.1.1: a delimiter starts a line; mime-tree.ts finds none when there is none.
  return root.parts.length === 0 ? `multipart boundary "${boundary}" never appears in the body` : null;
}

/** Bytes of text kept from a message whose MIME could not be parsed, so its words stay searchable. */
const RAW_TEXT_LIMIT = 200_000;

/** The body of an unparseable message as text, undecoded (UTF-8, invalid bytes replaced). */
export function rawBodyText(raw: Uint8Array): string {
  const { bodyStart } = findHeaderBounds(raw, 0, raw.byteLength);
  const end = Math.min(raw.byteLength, bodyStart + RAW_TEXT_LIMIT);
  return Buffer.from(raw.buffer, raw.byteOffset + bodyStart, end - bodyStart).toString('utf8');
}

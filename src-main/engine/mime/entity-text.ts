import { decodeText } from './charsets.ts';
import type { MimeEntity } from './mime-tree.ts';
import { decodeTransfer } from './transfer-decoding.ts';

/** A text part's content as text: transfer-decoded, read in its charset, LF line ends, flowed lines joined. */
export function entityText(entity: MimeEntity): string {
  const params = entity.type.params;
  let text = decodeText(decodeTransfer(entity.transferEncoding, entity.body), params.get('charset'));
  if (text.includes('\r')) text = text.replaceAll('\r\n', '\n');
  if (params.get('format')?.toLowerCase() === 'flowed') {
    text = decodeFlowed(text, params.get('delsp')?.toLowerCase() === 'yes');
  }
  return text;
}

/**
 * Joins format=flowed lines (RFC 3676 4): a line that ends in a space continues on the next one, except the
 * signature separator `-- `. Space-stuffing is removed first; with DelSp=yes the joining space goes too.
 */
export function decodeFlowed(text: string, delSp: boolean): string {
  const lines: string[] = [];
  let paragraph = '';
  let open = false;
  for (const raw of text.split('\n')) {
    const line = raw.startsWith(' ') ? raw.slice(1) : raw;
    const flowed = line.endsWith(' ') && line !== '-- ';
    paragraph += flowed && delSp ? line.slice(0, -1) : line;
    open = flowed;
    if (!flowed) {
      lines.push(paragraph);
      paragraph = '';
    }
  }
  if (open) lines.push(paragraph);
  return lines.join('\n');
}

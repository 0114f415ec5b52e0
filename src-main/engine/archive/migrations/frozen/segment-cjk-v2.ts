/**
 * FROZEN: never change this file. It is the CJK segmentation of the full-text index as schema 2 built it
 * (each CJK character its own token, split by U+200B), kept so that migration 0002 gives the same index
 * whatever later versions do to search/cjk.ts. A new way of indexing needs a new migration instead.
 */

const SEPARATOR = '\u200B';
const CJK_CLASS = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC\uFF70`;
const HAS_CJK = new RegExp(`[${CJK_CLASS}]`, 'u');
const IS_CJK = new RegExp(`^[${CJK_CLASS}]$`, 'u');
const IS_SPLIT = new RegExp(`^[\\s${SEPARATOR}]$`, 'u');

const OTHER = 0;
const CJK = 1;
const SPLIT = 2;

/** Text with a separator between each CJK character and any neighbour not already a split. */
export function segmentCjkV2(text: string): string {
  if (!HAS_CJK.test(text)) return text;
  let out = '';
  // The start of the text needs no separator, as after a space.
  let before = SPLIT;
  for (const char of text.normalize('NFC')) {
    const kind = IS_CJK.test(char) ? CJK : IS_SPLIT.test(char) ? SPLIT : OTHER;
    if ((before === CJK && kind !== SPLIT) || (before !== SPLIT && kind === CJK)) out += SEPARATOR;
    out += char;
    before = kind;
  }
  return out;
}

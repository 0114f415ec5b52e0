/**
 * CJK segmentation for the FTS5 unicode61 tokenizer.
 *
 * unicode61 splits only on separators, and Chinese/Japanese (and Korean words with particles attached)
 * have none, so a whole sentence would index as ONE token and no word inside it could be found. We make
 * every CJK character its own token by putting a separator between it and any neighbouring character;
 * the query side does the same and searches the characters as a phrase, so "会議" matches "…定例会議は…".
 *
 * The separator is U+200B ZERO WIDTH SPACE rather than a space: unicode61 treats it as a separator just
 * the same, it is invisible if segmented text is ever shown as is, and it never occurs in the text we
 * would want to keep, so unsegmentCjk can remove exactly what we inserted (a plain space would be
 * indistinguishable from the real spaces between Korean words).
 */

export const CJK_SEPARATOR = '\u200B';

/**
 * Han (incl. 々 and the extension planes), Hiragana, Katakana (incl. halfwidth), Hangul syllables and
 * jamo, plus the prolonged sound marks ー/ｰ, which Unicode files under Common script but which live
 * inside Katakana words.
 */
const CJK_CLASS = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC\uFF70`;

const HAS_CJK = new RegExp(`[${CJK_CLASS}]`, 'u');

// Every CJK code point is above U+10FF (surrogate halves included), so this cheap test lets the common
// all-Latin text skip the Unicode-property regexes entirely: segmentCjk runs on every indexed body.
const MAYBE_CJK = /[\u1100-\uFFFF]/;

const IS_CJK = new RegExp(`^[${CJK_CLASS}]$`, 'u');
/** Whitespace and an existing separator already split tokens. */
const IS_SPLIT = new RegExp(`^[\\s${CJK_SEPARATOR}]$`, 'u');

const OTHER = 0;
const CJK = 1;
const SPLIT = 2;
let bmpKinds: Uint8Array | null = null;

/**
 * OTHER, CJK or SPLIT for every BMP code unit, worked out once per thread from the same classes as the
 * regexes (about 10 ms): a lookup per character is several times faster than a lookbehind regex.
 */
function kindsOfBmp(): Uint8Array {
  if (bmpKinds) return bmpKinds;
  const kinds = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code += 1) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const char = String.fromCharCode(code);
    kinds[code] = IS_CJK.test(char) ? CJK : IS_SPLIT.test(char) ? SPLIT : OTHER;
  }
  bmpKinds = kinds;
  return kinds;
}

/** Make each CJK character its own FTS token. Text without CJK characters is returned unchanged. */
export function segmentCjk(text: string): string {
  if (!containsCjk(text)) return text;
  // NFC first: mail composed on some systems carries Hangul as decomposed jamo, which would otherwise
  // segment into different tokens than the precomposed syllables a user types.
  return insertBoundaries(text.normalize('NFC'));
}

/**
 * A separator goes between a CJK character and any neighbour that is not whitespace or a separator
 * already (so segmenting is idempotent), on either side: between two CJK characters too.
 */
function insertBoundaries(text: string): string {
  const kinds = kindsOfBmp();
  let out = '';
  let from = 0;
  // The start of the text needs no separator, as after a space.
  let before = SPLIT;
  for (let at = 0; at < text.length;) {
    const unit = text.charCodeAt(at);
    let kind = kinds[unit] ?? OTHER;
    let width = 1;
    if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(at + 1))) {
      // Han extensions B and on live above the BMP.
      width = 2;
      kind = IS_CJK.test(text.slice(at, at + 2)) ? CJK : OTHER;
    }
    if ((before === CJK && kind !== SPLIT) || (before !== SPLIT && kind === CJK)) {
      out += text.slice(from, at) + CJK_SEPARATOR;
      from = at;
    }
    before = kind;
    at += width;
  }
  return from === 0 ? text : out + text.slice(from);
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Undo segmentCjk for display (e.g. FTS5 snippets of segmented text). */
export function unsegmentCjk(text: string): string {
  return text.includes(CJK_SEPARATOR) ? text.replaceAll(CJK_SEPARATOR, '') : text;
}

/** Whether the text contains a character segmentCjk would split off. */
export function containsCjk(text: string): boolean {
  return MAYBE_CJK.test(text) && HAS_CJK.test(text);
}

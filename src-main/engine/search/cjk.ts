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

/**
 * A position between a CJK character and any other visible character (or the reverse). Whitespace and an
 * existing separator already split tokens, so they are left alone; that also makes segmenting idempotent.
 */
const BOUNDARY = new RegExp(
  `(?<=[${CJK_CLASS}])(?=[^\\s${CJK_SEPARATOR}])|(?<=[^\\s${CJK_SEPARATOR}])(?=[${CJK_CLASS}])`,
  'gu',
);

// Every CJK code point is above U+10FF (surrogate halves included), so this cheap test lets the common
// all-Latin text skip the Unicode-property regexes entirely: segmentCjk runs on every indexed body.
const MAYBE_CJK = /[\u1100-\uFFFF]/;

/** Make each CJK character its own FTS token. Text without CJK characters is returned unchanged. */
export function segmentCjk(text: string): string {
  if (!MAYBE_CJK.test(text) || !HAS_CJK.test(text)) return text;
  // NFC first: mail composed on some systems carries Hangul as decomposed jamo, which would otherwise
  // segment into different tokens than the precomposed syllables a user types.
  return text.normalize('NFC').replace(BOUNDARY, CJK_SEPARATOR);
}

/** Undo segmentCjk for display (e.g. FTS5 snippets of segmented text). */
export function unsegmentCjk(text: string): string {
  return text.includes(CJK_SEPARATOR) ? text.replaceAll(CJK_SEPARATOR, '') : text;
}

/** Whether the text contains a character segmentCjk would split off. */
export function containsCjk(text: string): boolean {
  return MAYBE_CJK.test(text) && HAS_CJK.test(text);
}

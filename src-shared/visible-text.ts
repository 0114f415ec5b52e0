/**
 * Text from mail and servers (subjects, sender names, folder and file names, error texts) shown to a
 * person. Terminals obey control characters (ESC]0;…BEL retitles the window, CR overwrites the line),
 * and terminals and the window both obey bidi overrides (U+202E before "gnp.exe" makes it read
 * "exe.png"), so those are shown as a visible marker such as ⟨U+001B⟩ instead.
 *
 * Escaped: the C0 controls, DEL and the C1 controls (U+0080–U+009F), the bidi embeddings and overrides
 * U+202A–U+202E, the isolates U+2066–U+2069, and the line and paragraph separators U+2028/U+2029 (they
 * break a line or reset the text direction). Kept: tab (plain whitespace, left by folded headers), every
 * printable character of every script (Arabic, Hebrew, CJK, emoji with their zero-width joiners) and the
 * implicit direction marks U+200E, U+200F and U+061C: right-to-left mail relies on them, and unlike
 * overrides they cannot reorder letters, so a Latin name stays in order.
 */

/** Characters shown as a marker. \p{Cc} is exactly C0, DEL and C1. */
const HIDDEN = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu;

export interface VisibleTextOptions {
  /** keep line feeds: for a block of several lines (a whole CLI report), not for one field */
  multiline?: boolean;
}

/** `text` with control characters and bidi overrides replaced by ⟨U+XXXX⟩; everything else unchanged. */
export function visibleText(text: string, options: VisibleTextOptions = {}): string {
  return text.replace(HIDDEN, (ch) => {
    if (ch === '\t' || (ch === '\n' && options.multiline === true)) return ch;
    return `⟨U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`;
  });
}

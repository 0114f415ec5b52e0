/** The query's words marked in an opened message, matched as search matches them: case and accents aside. */

/** One character folded the way the index folds it: lower case, no accents. */
function fold(char: string): string {
  return char.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** [start, end) ranges in `text` where one of `words` occurs, in order, not overlapping. */
export function findWords(text: string, words: readonly string[]): [number, number][] {
  const wanted = words.map((w) => Array.from(w).map(fold).join('')).filter((w) => w !== '');
  if (wanted.length === 0 || text === '') return [];
  // The folded text, with where each folded character came from in the original.
  let folded = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of text) {
    const f = fold(char);
    for (let i = 0; i < f.length; i += 1) origin.push(index);
    folded += f;
    index += char.length;
  }
  origin.push(text.length);
  const ranges: [number, number][] = [];
  let at = 0;
  while (at < folded.length) {
    let best: [number, number] | null = null;
    for (const word of wanted) {
      const found = folded.indexOf(word, at);
      if (found >= 0 && (best === null || found < best[0])) best = [found, found + word.length];
    }
    if (best === null) break;
    ranges.push([origin[best[0]] ?? 0, origin[best[1]] ?? text.length]);
    at = best[1];
  }
  return ranges;
}

/** `text` cut into plain and marked pieces. */
export function splitMarked(text: string, words: readonly string[]): { text: string; marked: boolean }[] {
  const pieces: { text: string; marked: boolean }[] = [];
  let last = 0;
  for (const [start, end] of findWords(text, words)) {
    if (start > last) pieces.push({ text: text.slice(last, start), marked: false });
    pieces.push({ text: text.slice(start, end), marked: true });
    last = end;
  }
  if (last < text.length || pieces.length === 0) pieces.push({ text: text.slice(last), marked: false });
  return pieces;
}

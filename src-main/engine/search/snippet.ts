import type { QueryNode } from './query-tree.ts';

const SNIPPET_CHARS = 180;
const LEAD_CHARS = 50;

/** The words a user is looking for (positive text terms), to highlight in a snippet. */
export function highlightTerms(tree: QueryNode): { text: string; prefix: boolean }[] {
  switch (tree.kind) {
    case 'term':
      return [{ text: tree.text, prefix: tree.prefix }];
    case 'and':
    case 'or':
      return tree.children.flatMap(highlightTerms);
    default:
      return [];
  }
}

/** Lower case without diacritics, one output character per input UTF-16 unit, so offsets still line up. */
function fold(text: string): string {
  let out = '';
  for (const ch of text) {
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    out += base.length === ch.length ? base : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
  }
  return out;
}

/**
 * A short extract of the body around the first matching word, matches wrapped in ** **. Case- and
 * diacritic-insensitive like the index; the start of the body when only other fields matched.
 */
export function makeSnippet(body: string, terms: readonly { text: string; prefix: boolean }[]): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  const folded = fold(flat);
  const needles = terms.map((t) => fold(t.text)).filter((t) => t !== '');
  let first = -1;
  for (const needle of needles) {
    const at = folded.indexOf(needle);
    if (at !== -1 && (first === -1 || at < first)) first = at;
  }
  let start = first <= LEAD_CHARS ? 0 : flat.lastIndexOf(' ', first - LEAD_CHARS) + 1;
  if (start < 0) start = 0;
  const end = Math.min(flat.length, start + SNIPPET_CHARS);
  const window = flat.slice(start, end);
  const foldedWindow = folded.slice(start, end);
  const marks: [number, number][] = [];
  for (const needle of needles) {
    for (
      let at = foldedWindow.indexOf(needle);
      at !== -1;
      at = foldedWindow.indexOf(needle, at + needle.length)
    ) {
      marks.push([at, at + needle.length]);
    }
  }
  marks.sort((a, b) => a[0] - b[0]);
  let out = '';
  let cursor = 0;
  for (const [from, to] of marks) {
    if (from < cursor) continue;
    out += `${window.slice(cursor, from)}**${window.slice(from, to)}**`;
    cursor = to;
  }
  out += window.slice(cursor);
  return `${start > 0 ? '…' : ''}${out}${end < flat.length ? '…' : ''}`;
}

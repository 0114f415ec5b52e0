/** The search's words marked in an HTML mail (the DOM half of highlight.ts). */
import { splitMarked } from './highlight.ts';

/** A mail document with the words wrapped in <mark>; only its text nodes change. */
export function markInDocument(html: string, words: readonly string[]): string {
  if (words.length === 0) return html;
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.parentElement?.closest('style, script, title, textarea')
        ? NodeFilter.FILTER_REJECT
        : NodeFilter.FILTER_ACCEPT,
  });
  const nodes: Text[] = [];
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    if (node instanceof Text) nodes.push(node);
  }
  let changed = false;
  for (const node of nodes) {
    const pieces = splitMarked(node.data, words);
    if (!pieces.some((p) => p.marked)) continue;
    changed = true;
    const fragment = doc.createDocumentFragment();
    for (const piece of pieces) {
      if (!piece.marked) {
        fragment.append(piece.text);
        continue;
      }
      const mark = doc.createElement('mark');
      mark.textContent = piece.text;
      fragment.append(mark);
    }
    node.replaceWith(fragment);
  }
  return changed ? doc.documentElement.outerHTML : html;
}

/**
 * Turns a search snippet with `**word**` highlight markers into text segments, so the window renders
 * matches as <mark> elements through React (text nodes) and never parses mail text as HTML.
 */
export interface SnippetSegment {
  text: string;
  highlight: boolean;
}

export function snippetSegments(snippet: string): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  const push = (text: string, highlight: boolean): void => {
    if (text === '') return;
    const last = segments.at(-1);
    if (last !== undefined && last.highlight === highlight) last.text += text;
    else segments.push({ text, highlight });
  };
  let rest = snippet;
  for (;;) {
    const open = rest.indexOf('**');
    if (open === -1) break;
    const close = rest.indexOf('**', open + 2);
    // An unmatched marker is mail text (someone wrote "**"), not a highlight.
    if (close === -1) break;
    push(rest.slice(0, open), false);
    push(rest.slice(open + 2, close), true);
    rest = rest.slice(close + 2);
  }
  push(rest, false);
  return segments;
}

/**
 * `srcset` read as the HTML standard's "parse a srcset attribute" reads it (URLs end at whitespace, so
 * a data: URL may hold commas; descriptors end at a comma outside parentheses), so each candidate URL
 * can be judged on its own and the attribute written back without the ones that must not load.
 */

export interface SrcsetCandidate {
  url: string;
  /** e.g. ["2x"] or ["300w"], as written */
  descriptors: string[];
}

const WHITESPACE = /[\t\n\f\r ]/;

export function parseSrcset(value: string): SrcsetCandidate[] {
  const candidates: SrcsetCandidate[] = [];
  let i = 0;
  for (;;) {
    while (i < value.length && (WHITESPACE.test(value[i] ?? '') || value[i] === ',')) i += 1;
    if (i >= value.length) return candidates;
    const start = i;
    while (i < value.length && !WHITESPACE.test(value[i] ?? '')) i += 1;
    const url = value.slice(start, i);
    if (url.endsWith(',')) {
      candidates.push({ url: url.replace(/,+$/, ''), descriptors: [] });
      continue;
    }
    const read = readDescriptors(value, i);
    i = read.end;
    candidates.push({ url, descriptors: read.descriptors });
  }
}

/** Descriptors from `i` up to the comma (outside parentheses) that ends the candidate, or the end. */
function readDescriptors(value: string, from: number): { descriptors: string[]; end: number } {
  const descriptors: string[] = [];
  let current = '';
  let inParens = false;
  let i = from;
  const flush = (): void => {
    if (current !== '') descriptors.push(current);
    current = '';
  };
  for (; i < value.length; i += 1) {
    const c = value[i] ?? '';
    if (inParens) {
      current += c;
      if (c === ')') inParens = false;
    } else if (c === ',') {
      flush();
      return { descriptors, end: i + 1 };
    } else if (WHITESPACE.test(c)) {
      flush();
    } else {
      current += c;
      if (c === '(') inParens = true;
    }
  }
  flush();
  return { descriptors, end: i };
}

export function serializeSrcset(candidates: SrcsetCandidate[]): string {
  return candidates.map((c) => [c.url, ...c.descriptors].join(' ')).join(', ');
}

/**
 * The words of a query worth highlighting in an opened message: plain words and quoted phrases, and the
 * values of subject:, from:, to: and filename:. Negated terms, OR and the other filters mark nothing.
 */
const TEXT_FIELDS = new Set(['subject', 'from', 'to', 'cc', 'filename', 'body']);

export function queryWords(query: string): string[] {
  const words: string[] = [];
  const token = /(-?)(?:([a-z]+):)?(?:"([^"]*)"|(\S+))/giu;
  for (const match of query.matchAll(token)) {
    const [, minus, field, phrase, bare] = match;
    if (minus === '-') continue;
    if (field !== undefined && !TEXT_FIELDS.has(field.toLowerCase())) continue;
    const text = (phrase ?? bare ?? '').replace(/\*$/u, '').replace(/[()]/gu, '').trim();
    if (text === '' || (phrase === undefined && /^(OR|AND|NOT)$/u.test(text))) continue;
    if (!words.includes(text)) words.push(text);
  }
  return words;
}

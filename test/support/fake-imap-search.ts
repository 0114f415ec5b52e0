import type { FakeFolder, FakeImapOptions, FakeMessage } from './fake-imap.ts';

/**
 * UID SEARCH over ALL, SINCE and BEFORE (on INTERNALDATE, as RFC 3501 says) and the options' extra keys;
 * null for anything else.
 */
export function searchFolder(
  folder: FakeFolder | null,
  criteria: string[],
  extra: NonNullable<FakeImapOptions['searchKeys']>,
): number[] | null {
  if (!folder) return [];
  let keep = (_: FakeMessage): boolean => true;
  for (let i = 0; i < criteria.length; i += 1) {
    const key = (criteria[i] ?? '').toUpperCase();
    const before = keep;
    if (key === 'ALL') continue;
    if (key === 'CHARSET') {
      // Values arrive here as UTF-8 strings whatever the charset: nothing to convert.
      i += 1;
      continue;
    }
    const test = extra[key];
    if (test) {
      const value = criteria[(i += 1)] ?? '';
      keep = (m) => before(m) && test(m, value);
      continue;
    }
    if (key !== 'SINCE' && key !== 'BEFORE') return null;
    const day = Date.parse(`${criteria[(i += 1)] ?? ''} 00:00:00 +0000`);
    keep = (m) => {
      const at = m.internalDate instanceof Date ? m.internalDate.getTime() : NaN;
      return before(m) && (key === 'SINCE' ? at >= day : at < day);
    };
  }
  return folder.messages.filter(keep).map((m) => m.uid);
}

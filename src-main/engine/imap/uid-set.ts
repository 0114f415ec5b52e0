/** Compresses UIDs into an IMAP sequence set ("1:5,9,12:14"); order-independent, duplicates ignored. */
export function toUidSet(uids: Iterable<number>): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start: number | undefined;
  let prev: number | undefined;
  for (const uid of sorted) {
    if (start !== undefined && prev !== undefined && uid === prev + 1) {
      prev = uid;
      continue;
    }
    if (start !== undefined && prev !== undefined)
      parts.push(start === prev ? `${start}` : `${start}:${prev}`);
    start = uid;
    prev = uid;
  }
  if (start !== undefined && prev !== undefined) parts.push(start === prev ? `${start}` : `${start}:${prev}`);
  return parts.join(',');
}

/** The UIDs of a sequence set written by toUidSet ("1:5,9"); an empty string is the empty set. */
export function parseUidSet(set: string): number[] {
  const uids: number[] = [];
  for (const part of set.split(',')) {
    if (part === '') continue;
    const [first, last] = part.split(':').map(Number);
    if (first === undefined || !Number.isInteger(first)) throw new Error(`Not a UID set: "${set}"`);
    const end = last ?? first;
    for (let uid = first; uid <= end; uid += 1) uids.push(uid);
  }
  return uids;
}

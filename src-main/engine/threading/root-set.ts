/**
 * JWZ's root-set subject grouping, on the partition that References/In-Reply-To/Gmail ids built. Pure.
 *
 * A thread is *seeking* when it has no start of its own: every message at its top (naming no message
 * that is in the input) either replies to a message the archive lacks (the parent sits in Junk or Trash,
 * was deleted, never arrived) or carries a reply/forward marker without any reference header (a client
 * or gateway dropped them). A thread is *anchored* when it has a start: a message that names no other
 * message and has no marker. Anchored threads never join each other by subject, so two unrelated
 * "Meeting" threads stay apart.
 *
 * Each seeking thread joins at most one other thread. Candidates are threads holding a message whose own
 * normalised subject equals that of one of the seeking thread's top messages, within `windowMs` of it
 * (the window is measured between that pair of dates, i.e. between the threads' nearest dates). The
 * best candidate is, in order: an anchored thread at or before the top (JWZ: a reply joins a non-reply
 * root; a reply is written after its parent), a seeking one at or before it, an anchored one after it, a
 * seeking one after it; within each, the nearest, then the earlier message, then the smaller Message-ID.
 * Generic subjects (isGenericSubject) never join. A thread carrying a Gmail thread id only joins a thread
 * without one: Gmail already decided where its mail belongs.
 *
 * Every join is chosen before any is made, from lists sorted by content (date, Message-ID), so no choice
 * depends on input order or archive ids unless two candidates share subject, date and Message-ID (or
 * both lack one). As each seeking thread makes at most one join, a group ends with at most one anchored
 * thread in it.
 */
import { isGenericSubject } from './subject.ts';
import type { UnionFind } from './union-find.ts';

/** Bits of each message's flags, as the header pass left them. */
export const MESSAGE_FLAGS = {
  /** Had a reply/forward marker. */
  reply: 1,
  /** Named some other Message-ID in References or In-Reply-To. */
  linked: 2,
  /** Named a message that is in the input (so it is not at the top of its thread). */
  namesPresent: 4,
  /** Had a Gmail thread id. */
  gm: 8,
} as const;

/**
 * Message `index` (its union-find node) as the subject step reads it, streamed twice: the step keeps
 * only the messages of subjects some seeking thread carries, not a whole archive's subjects.
 */
export interface SubjectFact {
  index: number;
  id: number;
  date: number;
  /** Cleaned Message-ID, '' when absent: the tie-break that does not depend on archive ids. */
  key: string;
  /** Normalised subject, or '' when this message must not join by subject (none, no usable date). */
  subject: string;
}

/** One message of a subject some seeking thread carries. */
interface Entry {
  id: number;
  date: number;
  key: string;
  namesPresent: boolean;
  root: number;
}

/** A candidate target for one seeking thread; `rank` orders the kinds of candidate, lower is better. */
interface Choice {
  target: Entry;
  distance: number;
  rank: number;
}

/** (date, Message-ID, id): a total order on candidates. */
function compareEntries(a: Entry, b: Entry): number {
  if (a.date !== b.date) return a.date - b.date;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.id - b.id;
}

/** Better rank, then nearer, then the earlier candidate. */
function better(candidate: Choice, current: Choice | undefined): boolean {
  if (current === undefined) return true;
  if (candidate.rank !== current.rank) return candidate.rank < current.rank;
  if (candidate.distance !== current.distance) return candidate.distance < current.distance;
  return compareEntries(candidate.target, current.target) < 0;
}

/**
 * A reply's parent was written before it, so a candidate at or before the seeking top ranks above one
 * after it; among those, an anchored thread (JWZ: a reply joins a non-reply root) above a seeking one.
 */
function candidate(
  target: Entry | undefined,
  date: number,
  anchored: boolean,
  windowMs: number,
): Choice | undefined {
  if (target === undefined) return undefined;
  const later = target.date > date;
  const distance = Math.abs(target.date - date);
  if (distance > windowMs) return undefined;
  return { target, distance, rank: (later ? 2 : 0) + (anchored ? 0 : 1) };
}

/** The last entry at or before `date` and the first after it, in a list sorted by compareEntries. */
function around(list: readonly Entry[], date: number): [Entry | undefined, Entry | undefined] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.date ?? 0) <= date) lo = mid + 1;
    else hi = mid;
  }
  return [list[lo - 1], list[lo]];
}

/**
 * Seeking threads' entries with, for each, the nearest entry of another thread on each side, so a
 * thread of a thousand same-subject messages skips itself in one step instead of a thousand.
 */
interface SeekingList {
  entries: Entry[];
  prevOther: Int32Array;
  nextOther: Int32Array;
}

function seekingList(entries: Entry[]): SeekingList {
  const n = entries.length;
  const prevOther = new Int32Array(n);
  const nextOther = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = i - 1;
    prevOther[i] = j < 0 ? -1 : entries[j]?.root !== entries[i]?.root ? j : (prevOther[j] ?? -1);
  }
  for (let i = n - 1; i >= 0; i--) {
    const j = i + 1;
    nextOther[i] = j >= n ? n : entries[j]?.root !== entries[i]?.root ? j : (nextOther[j] ?? n);
  }
  return { entries, prevOther, nextOther };
}

function record(best: Map<number, Choice>, root: number, choice: Choice | undefined): void {
  if (choice !== undefined && better(choice, best.get(root))) best.set(root, choice);
}

/** Records, for each seeking top in one subject group, its best candidates within the window. */
function searchGroup(
  group: Entry[],
  isSeeking: (root: number) => boolean,
  hasGm: (root: number) => boolean,
  windowMs: number,
  best: Map<number, Choice>,
): void {
  group.sort(compareEntries);
  const anchored = group.filter((e) => !isSeeking(e.root));
  const seeking = seekingList(group.filter((e) => isSeeking(e.root)));
  // A thread Gmail already threaded only joins threads Gmail did not thread: its own id wins otherwise.
  const anchoredNoGm = anchored.filter((e) => !hasGm(e.root));
  const seekingNoGm = seeking.entries.filter((e) => !hasGm(e.root));
  seeking.entries.forEach((entry, i) => {
    if (entry.namesPresent) return; // not at the top of its thread
    const { date } = entry;
    const gm = hasGm(entry.root);
    const [before, after] = around(gm ? anchoredNoGm : anchored, date);
    // Without a Gmail id the thread's own entries are in the list and are stepped over; with one they
    // are not in the no-Gmail list at all.
    const [seekBefore, seekAfter] = gm
      ? around(seekingNoGm, date)
      : [seeking.entries[seeking.prevOther[i] ?? -1], seeking.entries[seeking.nextOther[i] ?? -1]];
    record(best, entry.root, candidate(before, date, true, windowMs));
    record(best, entry.root, candidate(after, date, true, windowMs));
    record(best, entry.root, candidate(seekBefore, date, false, windowMs));
    record(best, entry.root, candidate(seekAfter, date, false, windowMs));
  });
}

/**
 * Joins seeking threads to same-subject threads within windowMs (see the file comment). `flags` holds
 * every message's MESSAGE_FLAGS, so that anchored or seeking is decided on whole threads; `facts` streams
 * the messages in the same order.
 */
export function joinRootsBySubject(
  uf: UnionFind,
  flags: readonly number[],
  facts: () => Iterable<SubjectFact>,
  windowMs: number,
): void {
  // Per thread (its union-find root): has a start, has a top message, carries a Gmail id.
  const ANCHORED = 1;
  const TOP = 2;
  const GM = 4;
  const { reply, linked, namesPresent, gm } = MESSAGE_FLAGS;
  const threadFlags = new Uint8Array(uf.size());
  flags.forEach((bits, index) => {
    const root = uf.find(index);
    let flag = threadFlags[root] ?? 0;
    if ((bits & (linked | reply)) === 0) flag |= ANCHORED;
    if ((bits & namesPresent) === 0) flag |= TOP;
    if ((bits & gm) !== 0) flag |= GM;
    threadFlags[root] = flag;
  });
  const isSeeking = (root: number): boolean => ((threadFlags[root] ?? 0) & (ANCHORED | TOP)) === TOP;
  const hasGm = (root: number): boolean => ((threadFlags[root] ?? 0) & GM) !== 0;
  const isTop = (index: number): boolean => ((flags[index] ?? 0) & namesPresent) === 0;

  // Only subjects that some seeking top carries can lead to a join; other messages need no entry. Only
  // these few subjects are checked against the generic list, once each.
  const sought = new Map<string, boolean>();
  for (const { index, subject } of facts()) {
    if (subject === '' || !isTop(index) || sought.has(subject) || !isSeeking(uf.find(index))) continue;
    sought.set(subject, !isGenericSubject(subject));
  }

  const groups = new Map<string, Entry[]>();
  for (const { index, id, date, key, subject } of facts()) {
    if (sought.get(subject) !== true) continue;
    const entry: Entry = { id, date, key, namesPresent: !isTop(index), root: uf.find(index) };
    const group = groups.get(subject);
    if (group === undefined) groups.set(subject, [entry]);
    else group.push(entry);
  }

  const best = new Map<number, Choice>();
  for (const group of groups.values()) searchGroup(group, isSeeking, hasGm, windowMs, best);

  // Every join was chosen above, on the partition as the headers left it; only now are they made.
  for (const [root, choice] of best) uf.union(root, choice.target.root);
}

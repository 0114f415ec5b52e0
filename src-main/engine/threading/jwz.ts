/**
 * JWZ-style conversation threading, reduced to what the archive needs: a partition of messages into threads
 * (not the reply tree). Pure: no I/O.
 *
 * Every Message-ID (own, referenced or replied to) becomes a container node, and every message is unioned
 * with the containers it names. A referenced-but-missing message is therefore a "ghost" that still joins all
 * its replies, a Message-ID shared by several messages simply puts them all in one thread, and loops in
 * References cannot hang anything because there is no tree to walk. Gmail thread ids are containers too.
 * Union-find yields the same partition whatever the order of the unions, so the result never depends on
 * the input order; subject linking is made order-independent by choosing its target from a sorted list.
 */
import { createUnionFind, type UnionFind } from './union-find.ts';
import { parseSubject } from './subject.ts';

export interface ThreadInput {
  /** Archive message id (unique). */
  id: number;
  /** Message-ID without <>; may be null or shared by several different messages. */
  messageId: string | null;
  /** First msg-id of In-Reply-To, without <>. */
  inReplyTo: string | null;
  /** References msg-ids in header order, without <>. */
  references: string[];
  /** Decoded subject. */
  subject: string | null;
  /** Ms since epoch (Date header, else INTERNALDATE). */
  date: number;
  /** Gmail X-GM-THRID when the server had it. */
  gmThreadId?: string | null;
}

export interface ThreadOptions {
  /** How far apart in time a subject-only reply may be from the message it joins. Default 30 days. */
  subjectWindowMs?: number;
}

export const DEFAULT_SUBJECT_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** A message that can take part in subject linking, as a source, a target, or both. */
interface SubjectEntry {
  id: number;
  node: number;
  date: number;
  /** Prefixed ("Re:", "Fwd:", …) and without any header link: looks for a thread by subject. */
  seeksThread: boolean;
}

/** Trims and drops stray angle brackets so "<a@b>" and "a@b" meet in one container; "" means no id. */
function cleanMsgId(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  let id = raw.trim();
  if (id.startsWith('<')) id = id.slice(1);
  if (id.endsWith('>')) id = id.slice(0, -1);
  id = id.trim();
  return id === '' ? null : id;
}

function containerFor(uf: UnionFind, containers: Map<string, number>, key: string): number {
  let node = containers.get(key);
  if (node === undefined) {
    node = uf.add();
    containers.set(key, node);
  }
  return node;
}

/**
 * Unions the message with every id in References and In-Reply-To; returns whether it named any id other
 * than its own. A self-reference links to nothing else, so it must not stop the subject from being used.
 */
function linkHeaders(
  uf: UnionFind,
  containers: Map<string, number>,
  node: number,
  own: string | null,
  message: ThreadInput,
): boolean {
  let linked = false;
  for (const raw of [...message.references, message.inReplyTo]) {
    const target = cleanMsgId(raw);
    if (target === null || target === own) continue;
    linked = true;
    uf.union(node, containerFor(uf, containers, target));
  }
  return linked;
}

function compareEntries(a: SubjectEntry, b: SubjectEntry): number {
  return a.date - b.date || a.id - b.id;
}

/**
 * Links each thread-seeking message to the nearest earlier message with the same normalised subject
 * within the window, or else the nearest later one. Entries are sorted by (date, id), so the choice
 * depends only on the set of messages. Entries of the same id (a caller passing one message twice) are
 * skipped as neighbours: they are the same node and would hide the real neighbour.
 */
function linkBySubject(uf: UnionFind, entries: SubjectEntry[], windowMs: number): void {
  if (entries.length < 2 || !entries.some((entry) => entry.seeksThread)) return;
  entries.sort(compareEntries);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry === undefined || !entry.seeksThread) continue;
    let before = i - 1;
    while (before >= 0 && entries[before]?.id === entry.id) before--;
    const earlier = entries[before];
    if (earlier !== undefined && entry.date - earlier.date <= windowMs) {
      uf.union(entry.node, earlier.node);
      continue;
    }
    let after = i + 1;
    while (after < entries.length && entries[after]?.id === entry.id) after++;
    const later = entries[after];
    if (later !== undefined && later.date - entry.date <= windowMs) uf.union(entry.node, later.node);
  }
}

/**
 * Partitions messages into threads. Returns message id → thread id, where thread id is the smallest
 * message id in that thread. Keys are inserted in ascending message id order, so even the Map's
 * iteration order is the same for any permutation of the input.
 */
export function threadMessages(
  messages: readonly ThreadInput[],
  options: ThreadOptions = {},
): Map<number, number> {
  const windowMs = options.subjectWindowMs ?? DEFAULT_SUBJECT_WINDOW_MS;
  if (Number.isNaN(windowMs) || windowMs < 0) {
    throw new RangeError(`subjectWindowMs must be a non-negative number, got ${String(windowMs)}`);
  }

  const uf = createUnionFind();
  const nodeOfMessage = new Map<number, number>();
  const msgIdContainers = new Map<string, number>();
  // A separate namespace: a Gmail thread id must never collide with some Message-ID string.
  const gmContainers = new Map<string, number>();
  const bySubject = new Map<string, SubjectEntry[]>();

  for (const message of messages) {
    let node = nodeOfMessage.get(message.id);
    if (node === undefined) {
      node = uf.add();
      nodeOfMessage.set(message.id, node);
    }

    const own = cleanMsgId(message.messageId);
    if (own !== null) uf.union(node, containerFor(uf, msgIdContainers, own));

    const linked = linkHeaders(uf, msgIdContainers, node, own, message);

    const gm = message.gmThreadId?.trim() ?? '';
    if (gm !== '') uf.union(node, containerFor(uf, gmContainers, gm));

    // Without a usable date there is no "nearest in time", so such a message never links by subject.
    if (!Number.isFinite(message.date)) continue;
    const { normalized, isReply } = parseSubject(message.subject);
    if (normalized === '') continue;
    const entry: SubjectEntry = { id: message.id, node, date: message.date, seeksThread: isReply && !linked };
    const group = bySubject.get(normalized);
    if (group === undefined) bySubject.set(normalized, [entry]);
    else group.push(entry);
  }

  for (const group of bySubject.values()) linkBySubject(uf, group, windowMs);

  const smallestIdOfRoot = new Map<number, number>();
  for (const [id, node] of nodeOfMessage) {
    const root = uf.find(node);
    const current = smallestIdOfRoot.get(root);
    if (current === undefined || id < current) smallestIdOfRoot.set(root, id);
  }

  const ids = Array.from(nodeOfMessage.keys()).sort((a, b) => a - b);
  const result = new Map<number, number>();
  for (const id of ids) {
    const node = nodeOfMessage.get(id);
    if (node === undefined) continue;
    result.set(id, smallestIdOfRoot.get(uf.find(node)) ?? id);
  }
  return result;
}

/**
 * JWZ-style conversation threading, reduced to what the archive needs: a partition of messages into threads
 * (not the reply tree). Pure: the caller brings the messages and a place to keep their namings.
 *
 * Every Message-ID (own, referenced or replied to) is a key, and the messages that name one key are
 * unioned. A referenced-but-missing message is therefore a "ghost" key that still joins all its replies,
 * a Message-ID shared by several messages simply puts them all in one thread, and loops in References
 * cannot hang anything because there is no tree to walk. Gmail thread ids are keys too. Then JWZ's subject
 * step (root-set.ts) joins threads that lost their start: replies under a parent the archive lacks,
 * replies whose reference headers were dropped. Union-find yields the same partition whatever the order
 * of the unions, and every subject join is chosen from sorted lists before any is made, so the result
 * never depends on the input order.
 *
 * Memory: what is held per message is a few numbers. The namings (every key with the messages naming it)
 * go to a NamingStore, which for a whole archive keeps them in SQLite, not in the heap; the subject step
 * streams the messages again instead of keeping their subjects.
 */
import { createUnionFind, type UnionFind } from './union-find.ts';
import { joinRootsBySubject, MESSAGE_FLAGS, type SubjectFact } from './root-set.ts';
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
  /**
   * How far apart in time a thread joined by subject may be from the thread it joins (nearest dates, see
   * root-set.ts). Default 30 days.
   */
  subjectWindowMs?: number;
}

export const DEFAULT_SUBJECT_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/** How a message names a key: as its own Message-ID, in References/In-Reply-To, as its Gmail thread. */
export const NAMING_ROLE = { own: 0, named: 1, gmail: 2 } as const;
export type NamingRole = (typeof NAMING_ROLE)[keyof typeof NAMING_ROLE];

export interface Naming {
  /** The message's position in the input. */
  index: number;
  role: NamingRole;
}

/** Keeps every naming of the header pass, then gives them back grouped by key. */
export interface NamingStore {
  add(key: string, index: number, role: NamingRole): void;
  /** Each key's namings together; keys in any order. */
  groups(): Iterable<readonly Naming[]>;
}

/** What threading reads: the messages, in the same order on every call. */
export interface ThreadSource {
  messages(): Iterable<ThreadInput>;
  namings: NamingStore;
}

/** Per input position: the archive message id and the thread id (smallest message id of its thread). */
export interface ThreadResult {
  ids: number[];
  threads: number[];
}

/** Trims and drops stray angle brackets so "<a@b>" and "a@b" meet in one key; "" means no id. */
function cleanMsgId(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  let id = raw.trim();
  if (id.startsWith('<')) id = id.slice(1);
  if (id.endsWith('>')) id = id.slice(0, -1);
  id = id.trim();
  return id === '' ? null : id;
}

/** Namings in a Map: for inputs that are in memory anyway. */
export function memoryNamings(): NamingStore {
  const byKey = new Map<string, Naming[]>();
  return {
    add(key, index, role) {
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [{ index, role }]);
      else list.push({ index, role });
    },
    groups: () => byKey.values(),
  };
}

/**
 * The header pass: records every message's namings and returns its flags (MESSAGE_FLAGS), by position.
 * Message-ID keys and Gmail keys get different prefixes: a Gmail thread id never meets a Message-ID.
 */
function recordNamings(source: ThreadSource, ids: number[]): number[] {
  const flags: number[] = [];
  const { namings } = source;
  for (const message of source.messages()) {
    const index = ids.length;
    ids.push(message.id);
    const own = cleanMsgId(message.messageId);
    if (own !== null) namings.add(`m${own}`, index, NAMING_ROLE.own);
    let linked = false;
    for (const raw of [...message.references, message.inReplyTo]) {
      const target = cleanMsgId(raw);
      // A self-reference links to nothing else, so it must not count as a link.
      if (target === null || target === own) continue;
      namings.add(`m${target}`, index, NAMING_ROLE.named);
      linked = true;
    }
    const gm = message.gmThreadId?.trim() ?? '';
    if (gm !== '') namings.add(`g${gm}`, index, NAMING_ROLE.gmail);
    flags.push(
      (parseSubject(message.subject).isReply ? MESSAGE_FLAGS.reply : 0) |
        (linked ? MESSAGE_FLAGS.linked : 0) |
        (gm !== '' ? MESSAGE_FLAGS.gm : 0),
    );
  }
  return flags;
}

/**
 * Unions the messages that name one key. Naming a key that some message owns means "my parent is
 * here": such a message is not at the top of its thread.
 */
function unionNamings(uf: UnionFind, namings: NamingStore, flags: number[]): void {
  for (const group of namings.groups()) {
    const first = group[0]?.index ?? 0;
    const owned = group.some((n) => n.role === NAMING_ROLE.own);
    for (const { index, role } of group) {
      uf.union(first, index);
      if (owned && role === NAMING_ROLE.named)
        flags[index] = (flags[index] ?? 0) | MESSAGE_FLAGS.namesPresent;
    }
  }
}

/** The subject step's view of each message, streamed from the source again. */
function* subjectFacts(source: ThreadSource): Generator<SubjectFact> {
  let index = 0;
  for (const message of source.messages()) {
    // Without a usable date there is no "nearest in time", so such a message never joins by subject.
    const subject = Number.isFinite(message.date) ? parseSubject(message.subject).normalized : '';
    yield { index, id: message.id, date: message.date, key: cleanMsgId(message.messageId) ?? '', subject };
    index += 1;
  }
}

function checkWindow(options: ThreadOptions): number {
  const windowMs = options.subjectWindowMs ?? DEFAULT_SUBJECT_WINDOW_MS;
  if (Number.isNaN(windowMs) || windowMs < 0) {
    throw new RangeError(`subjectWindowMs must be a non-negative number, got ${String(windowMs)}`);
  }
  return windowMs;
}

/**
 * Partitions the source's messages into threads: reads the messages three times (headers, then twice for
 * subjects) and the namings once.
 */
export function threadSource(source: ThreadSource, options: ThreadOptions = {}): ThreadResult {
  const windowMs = checkWindow(options);
  const ids: number[] = [];
  const flags = recordNamings(source, ids);
  const uf = createUnionFind();
  for (let i = 0; i < ids.length; i++) uf.add();
  unionNamings(uf, source.namings, flags);
  joinRootsBySubject(uf, flags, () => subjectFacts(source), windowMs);

  const smallestIdOfRoot = new Map<number, number>();
  ids.forEach((id, index) => {
    const root = uf.find(index);
    const current = smallestIdOfRoot.get(root);
    if (current === undefined || id < current) smallestIdOfRoot.set(root, id);
  });
  return { ids, threads: ids.map((id, index) => smallestIdOfRoot.get(uf.find(index)) ?? id) };
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
  const { ids, threads } = threadSource({ messages: () => messages, namings: memoryNamings() }, options);
  const order = ids.map((_, index) => index).sort((a, b) => (ids[a] ?? 0) - (ids[b] ?? 0));
  const result = new Map<number, number>();
  for (const index of order) result.set(ids[index] ?? 0, threads[index] ?? 0);
  return result;
}

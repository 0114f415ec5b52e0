/**
 * JWZ-style conversation threading, reduced to what the archive needs: a partition of messages into threads
 * (not the reply tree). Pure: no I/O.
 *
 * Every Message-ID (own, referenced or replied to) becomes a container node, and every message is unioned
 * with the containers it names. A referenced-but-missing message is therefore a "ghost" that still joins all
 * its replies, a Message-ID shared by several messages simply puts them all in one thread, and loops in
 * References cannot hang anything because there is no tree to walk. Gmail thread ids are containers too.
 * Then JWZ's subject step (root-set.ts) joins threads that lost their start: replies under a parent the
 * archive lacks, replies whose reference headers were dropped. Union-find yields the same partition
 * whatever the order of the unions, and every subject join is chosen from sorted lists before any is
 * made, so the result never depends on the input order.
 */
import { createUnionFind, type UnionFind } from './union-find.ts';
import { joinRootsBySubject, type RootSetMessage } from './root-set.ts';
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

/** Cleans one referenced id, unions it with the message and records its container in `named`. */
function linkOne(
  uf: UnionFind,
  containers: Map<string, number>,
  node: number,
  own: string | null,
  raw: string | null,
  named: number[],
): void {
  const target = cleanMsgId(raw);
  if (target === null || target === own) return;
  const container = containerFor(uf, containers, target);
  named.push(container);
  uf.union(node, container);
}

/**
 * Unions the message with every id in References and In-Reply-To and appends the containers it named,
 * other than its own, to `named`. A self-reference links to nothing else, so it must not count as a link.
 */
function linkHeaders(
  uf: UnionFind,
  containers: Map<string, number>,
  node: number,
  own: string | null,
  message: ThreadInput,
  named: number[],
): void {
  for (const raw of message.references) linkOne(uf, containers, node, own, raw, named);
  linkOne(uf, containers, node, own, message.inReplyTo, named);
}

interface Linked {
  nodeOfMessage: Map<number, number>;
  facts: RootSetMessage[];
}

/**
 * Unions every message with the containers of its own Message-ID, the ids it names and its Gmail thread
 * id, and gathers what the subject step needs to know about each message.
 */
function linkByHeaders(uf: UnionFind, messages: readonly ThreadInput[]): Linked {
  const nodeOfMessage = new Map<number, number>();
  const msgIdContainers = new Map<string, number>();
  // A separate namespace: a Gmail thread id must never collide with some Message-ID string.
  const gmContainers = new Map<string, number>();
  // Containers of the Message-IDs input messages carry: naming one means "my parent is here".
  const owned: number[] = [];
  // The containers each message named, flat: message i's are named[namedEnd[i-1] .. namedEnd[i]).
  const named: number[] = [];
  const namedEnd: number[] = [];
  const facts: RootSetMessage[] = [];

  for (const message of messages) {
    let node = nodeOfMessage.get(message.id);
    if (node === undefined) {
      node = uf.add();
      nodeOfMessage.set(message.id, node);
    }

    const own = cleanMsgId(message.messageId);
    if (own !== null) {
      const container = containerFor(uf, msgIdContainers, own);
      owned.push(container);
      uf.union(node, container);
    }

    const namedFrom = named.length;
    linkHeaders(uf, msgIdContainers, node, own, message, named);
    namedEnd.push(named.length);

    const gm = message.gmThreadId?.trim() ?? '';
    if (gm !== '') uf.union(node, containerFor(uf, gmContainers, gm));

    const { normalized, isReply } = parseSubject(message.subject);
    facts.push({
      id: message.id,
      node,
      date: message.date,
      key: own ?? '',
      // Without a usable date there is no "nearest in time", so such a message never joins by subject.
      subject: Number.isFinite(message.date) ? normalized : '',
      isReply,
      linked: named.length > namedFrom,
      namesPresent: false,
      gm: gm !== '',
    });
  }

  const present = new Uint8Array(uf.size());
  for (const container of owned) present[container] = 1;
  facts.forEach((fact, i) => {
    for (let k = namedEnd[i - 1] ?? 0; k < (namedEnd[i] ?? 0) && !fact.namesPresent; k++) {
      fact.namesPresent = present[named[k] ?? -1] === 1;
    }
  });
  return { nodeOfMessage, facts };
}

/** Message id → smallest message id of its thread, keys in ascending order. */
function threadIds(uf: UnionFind, nodeOfMessage: Map<number, number>): Map<number, number> {
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
  const { nodeOfMessage, facts } = linkByHeaders(uf, messages);
  joinRootsBySubject(uf, facts, windowMs);
  return threadIds(uf, nodeOfMessage);
}

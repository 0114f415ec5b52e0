import type Database from 'better-sqlite3';
import { parseMessage } from '../mime/parse.ts';
import { wasNotParsed } from '../mime/unparsed.ts';
import { createRawReader } from '../archive/raw-repo.ts';
import {
  countDistinctResults,
  createHitLookups,
  filteredThreadMessages,
  firstHits,
  folderNames,
  hitIdsByDate,
  hitsInThreads,
  hitsSql,
  matchingIds,
  newestFiltered,
  rankedMatches,
  threadAndDate,
  type HitDetail,
  type HitRow,
  type HitsSql,
  type SearchSort,
} from '../archive/search-queries.ts';
import { decodeRaw } from '../mime/raw-codec.ts';
import { compileQuery, type CompiledQuery, type FolderResolver } from './compile.ts';
import { matchFolders } from './folder-match.ts';
import type { QueryNode } from './query-tree.ts';
import { reportingQueryFailures } from './query-failure.ts';
import { parseQuery } from './query-parser.ts';
import { highlightTerms, makeSnippet } from './snippet.ts';
import type { ResultCount } from '../../../src-shared/search-counts.ts';

export interface SearchHit {
  threadId: number;
  /** the thread's messages that match, best first (the shown one), then newest first */
  messages: { id: number; sha256: string }[];
  subject: string | null;
  from: string | null;
  date: string;
  folders: string[];
  snippet: string;
  /** bm25 of the best message (lower is better; 0 when the query has no words) */
  score: number;
}

/** The counts are those of search-counts.ts (ResultCount): threads, plus messages not grouped yet. */
export interface SearchPage extends ResultCount {
  hits: SearchHit[];
  /**
   * The order the hits are in: the one asked for, or 'date' when the words are in more than
   * RANKED_MATCH_LIMIT messages (too many to rank by relevance in the time a search may take).
   */
  order: SearchSort;
}

/**
 * Matches ranked by relevance at most: bm25 scores every match, ~1 µs each (a word in 165k of 250k
 * messages: 150 ms, where reading its list of matches takes 30-57 ms). Beyond it the newest come first.
 */
export const RANKED_MATCH_LIMIT = 50_000;

/**
 * Threads counted exactly. Counting the distinct threads of a word found in half the archive joins every
 * hit to its message, a fifth of such a search; nobody pages through more
 * than a thousand threads, and "more than 1000" stops the count after ~1000 hits (0.2 ms).
 */
export const THREAD_COUNT_CAP = 1000;

/**
 * Distinct results up to THREAD_COUNT_CAP + 1 in one pass, telling threads from messages an import stored
 * and has not grouped yet (their `thread` is their own id, which must not be taken for a thread id).
 */
function countResults(db: Database.Database, hits: HitsSql): ResultCount {
  const rows = countDistinctResults(db, hits, THREAD_COUNT_CAP + 1);
  const counted = rows.reduce((sum, r) => sum + r.n, 0);
  return {
    totalThreads: Math.min(counted, THREAD_COUNT_CAP),
    totalThreadsCapped: counted > THREAD_COUNT_CAP,
    ungrouped: rows.find((r) => r.ungrouped === 1)?.n ?? 0,
  };
}

/** Hits first fetched per page of threads; widened only when threads hold many of the top hits. */
const FIRST_HITS = 200;

/**
 * The best-ranked threads: takes the top hits (bm25, then recency) and groups them in order of first
 * appearance, so a thread ranks by its best message. Ranking only the top K instead of grouping every
 * hit keeps a word that matches half the archive fast.
 */
function topThreads(db: Database.Database, hits: HitsSql, wanted: number): HitRow[][] {
  let k = Math.max(FIRST_HITS, wanted * 10);
  for (;;) {
    let rows: HitRow[];
    let complete: boolean;
    if (hits.matchOnly === null) {
      rows = firstHits(db, hits, k);
      complete = rows.length < k;
    } else {
      ({ rows, complete } = rankedInIndex(db, hits.matchOnly, k));
    }
    const threads = new Map<number, HitRow[]>();
    for (const row of rows) {
      const members = threads.get(row.thread);
      if (members) members.push(row);
      else threads.set(row.thread, [row]);
    }
    if (threads.size >= wanted || complete) return [...threads.values()];
    k *= 4;
  }
}

/**
 * The best k hits of a words-only query in final order, ranked inside FTS5 without joining each of the
 * hits to its message; only the k
 * survivors are looked up for their thread and date. Hits that tie with the k-th score may have been cut
 * anywhere among themselves, so they are dropped: the rows returned are exactly the first ones of the
 * full order, and the caller widens k when they are too few. `complete`: these are all the hits.
 */
function rankedInIndex(
  db: Database.Database,
  match: string,
  k: number,
): { rows: HitRow[]; complete: boolean } {
  const ranked = rankedMatches(db, match, k);
  const facts = threadAndDate(
    db,
    ranked.map((r) => r.id),
  );
  const byId = new Map(facts.map((f) => [f.id, f]));
  const complete = ranked.length < k;
  const boundary = complete ? undefined : ranked[k - 1]?.score;
  const rows: (HitRow & { date: number })[] = [];
  for (const r of ranked) {
    const fact = byId.get(r.id);
    if (!fact || r.score === boundary) continue;
    rows.push({ id: r.id, thread: fact.thread, score: r.score, date: fact.date });
  }
  rows.sort((a, b) => a.score - b.score || b.date - a.date || b.id - a.id);
  return { rows, complete };
}

export type { SearchSort };

/** A page of results: where it starts, how many, and in which order (default: relevance). */
export interface SearchOptions {
  limit?: number;
  offset?: number;
  sort?: SearchSort;
  /** matches ranked by relevance at most (RANKED_MATCH_LIMIT); beyond, newest first */
  rankedMatchLimit?: number;
}

/**
 * Runs a query in the MailTrove query language. Results are threads, ranked by their best message
 * (bm25, newest first on ties) or, sorted by date, by their newest matching message; each with the
 * thread's matching messages and a highlighted snippet. Works on a read-only connection, so it can run
 * while an import writes.
 */
export function searchArchive(db: Database.Database, query: string, options: SearchOptions = {}): SearchPage {
  const tree = parseQuery(query);
  return reportingQueryFailures(() => runSearch(db, tree, options));
}

function runSearch(db: Database.Database, tree: QueryNode, options: SearchOptions): SearchPage {
  const limit = options.limit ?? 20;
  const offset = options.offset ?? 0;
  const compiled = compileQuery(tree, folderResolver(db));
  // Every search with words reads their list of matches once: to count them, and to find the shown
  // threads' matching messages.
  const matches = compiled.match === null ? null : sortedMatches(db, compiled.match);
  const common = matches !== null && matches.length > (options.rankedMatchLimit ?? RANKED_MATCH_LIMIT);
  const order = common ? 'date' : (options.sort ?? 'relevance');
  const hits = hitsSql(compiled, order);
  const threads = common
    ? newestThreads(db, compiled, matches, offset + limit)
    : topThreads(db, hits, offset + limit);
  const page = threads.slice(offset, offset + limit);
  const { totalThreads, totalThreadsCapped, ungrouped } = countResults(db, hits);
  const members = threadMembers(db, compiled, hits, page, matches);
  const terms = highlightTerms(tree);
  const lookups = createHitLookups(db);
  const bodyText = createBodyReader(db);
  return {
    totalThreads,
    totalThreadsCapped,
    ungrouped,
    order,
    hits: page.map((thread) => {
      const top = thread[0] as HitRow;
      const best = lookups.detail(top.id);
      const body =
        best.codec && best.data
          ? decodeRaw({ codec: best.codec, data: best.data }).toString('utf8')
          : bodyText(best);
      return {
        threadId: top.thread,
        messages: members
          .filter((m) => m.thread === top.thread)
          .map((m) => ({ id: m.id, sha256: lookups.sha256(m.id).toString('hex') })),
        subject: best.subject,
        from: best.from_addr,
        date: new Date(best.date).toISOString(),
        folders: lookups.folders(best.id),
        snippet: makeSnippet(body, terms),
        score: top.score,
      };
    }),
  };
}

/** A message of a shown thread that passes the query's filters. */
interface MemberRow {
  id: number;
  thread: number;
  date: number;
}

/**
 * Every matching message of the shown threads, not only those among the top hits, best first: the ones
 * ranked among the top hits in their order, then the rest (which rank below all of those) newest first.
 * The shown threads' few messages are tested against the index's list of matches, instead of joining and
 * scoring every match again.
 */
function threadMembers(
  db: Database.Database,
  compiled: CompiledQuery,
  hits: HitsSql,
  page: HitRow[][],
  matches: Float64Array | null,
): { id: number; thread: number }[] {
  const threads = page.map((t) => t[0]?.thread);
  if (matches === null) return hitsInThreads(db, hits, threads);
  const candidates: MemberRow[] = filteredThreadMessages(db, compiled, threads);
  const found = candidates.filter((c) => includes(matches, c.id));
  const rank = new Map(page.flat().map((row, i) => [row.id, i]));
  const order = (m: { id: number }): number => rank.get(m.id) ?? rank.size;
  return found.sort((a, b) => order(a) - order(b) || b.date - a.date || b.id - a.id);
}

/** The matches' message ids in ascending order (FTS5 gives them so; sorted if it ever did not). */
function sortedMatches(db: Database.Database, match: string): Float64Array {
  const ids = Float64Array.from(matchingIds(db, match));
  for (let i = 1; i < ids.length; i++) {
    if ((ids[i] ?? 0) < (ids[i - 1] ?? 0)) return ids.sort();
  }
  return ids;
}

/** Binary search in ascending ids. */
function includes(sorted: Float64Array, id: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) < id) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo] === id;
}

/** Messages first taken from the newest end when matches are too many to rank; widened as needed. */
const FIRST_NEWEST = 2000;

/**
 * Threads by their newest matching message, for words in much of the archive: the newest messages
 * that pass the filters (through the date index), kept when they are among the matches. A window of
 * the newest 2,000 holds the first page of a word in a fifth of the archive; it grows fourfold until
 * the page is full or the archive is read.
 */
function newestThreads(
  db: Database.Database,
  compiled: CompiledQuery,
  matches: Float64Array,
  wanted: number,
): HitRow[][] {
  for (let k = Math.max(FIRST_NEWEST, wanted * 20); ; k *= 4) {
    const newest = newestFiltered(db, compiled, k);
    const threads = new Map<number, HitRow[]>();
    for (const m of newest) {
      if (!includes(matches, m.id)) continue;
      const row = { id: m.id, thread: m.thread, score: 0 };
      const members = threads.get(m.thread);
      if (members) members.push(row);
      else threads.set(m.thread, [row]);
    }
    if (threads.size >= wanted || newest.length < k) return [...threads.values()];
  }
}

/**
 * The body text of a message, read from its raw bytes: the text a snippet is cut from. Archives written
 * before MailTrove read MIME itself kept that text, compressed, in message_body, and it is used where it
 * exists. Reading it again costs about 0.1 ms for a typical message, a few ms for one with megabytes of
 * attachments, and only the hits shown (20 at a time) are read. A message the import did not parse (too
 * big, or its parser thread died on it) gets no snippet: reading it here could take as long, or as badly.
 */
function createBodyReader(
  db: Database.Database,
): (message: Pick<HitDetail, 'id' | 'size' | 'parse_error'>) => string {
  const raw = createRawReader(db);
  return (message) => {
    if (message.size > MAX_SNIPPET_SOURCE_BYTES || wasNotParsed(message.parse_error)) return '';
    const bytes = raw(message.id);
    return bytes ? parseMessage(bytes, { textOnly: true }).bodyText : '';
  };
}

/** Snippets are not read from messages bigger than this (their text is still indexed and found). */
const MAX_SNIPPET_SOURCE_BYTES = 4 * 1024 * 1024;

/** Every message id matching the query (for export), oldest first. */
export function matchingMessageIds(db: Database.Database, query: string): number[] {
  const hits = hitsSql(compileQuery(parseQuery(query), folderResolver(db)));
  return reportingQueryFailures(() => hitIdsByDate(db, hits));
}

/** `folder:` values against the archive's folder names, read once per search (there are few). */
function folderResolver(db: Database.Database): FolderResolver {
  let folders: ReturnType<typeof folderNames> | null = null;
  return (path) => matchFolders((folders ??= folderNames(db)), path);
}

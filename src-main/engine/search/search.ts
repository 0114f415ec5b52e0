import type Database from 'better-sqlite3';
import { parseMessage } from '../mime/parse.ts';
import { wasNotParsed } from '../mime/unparsed.ts';
import { createRawReader } from '../archive/raw-repo.ts';
import { decodeRaw } from '../mime/raw-codec.ts';
import type { RawCodec } from '../mime/parsed-message.ts';
import { compileQuery, type CompiledQuery } from './compile.ts';
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
}

/**
 * Threads counted exactly. Counting the distinct threads of a word found in half the archive joins every
 * hit to its message (measured on 50k messages: 7.7 ms of a 35 ms search); nobody pages through more
 * than a thousand threads, and "more than 1000" stops the count after ~1000 hits (0.2 ms).
 */
export const THREAD_COUNT_CAP = 1000;

/** Column weights for bm25: a word in the subject counts most, then the people, then the body. */
const BM25 = 'bm25(message_fts, 8.0, 4.0, 2.0, 2.0, 1.0, 3.0)';

interface HitRow {
  id: number;
  thread: number;
  score: number;
}

interface DetailRow {
  id: number;
  sha256: Buffer;
  subject: string | null;
  from_addr: string | null;
  date: number;
  size: number;
  parse_error: string | null;
  codec: RawCodec | null;
  data: Buffer | null;
}

/** The matching messages as (id, thread, score, date) rows: one ranked MATCH plus the SQL filters. */
interface HitsSql {
  /** id, thread, score, date of every match */
  sql: string;
  /** id, thread, ungrouped (not threaded yet), date of every match: for counting, without bm25 */
  unranked: string;
  order: string;
  params: (string | number)[];
  /** the MATCH expression when the query is words alone (no SQL filter): then FTS5 can rank by itself */
  matchOnly: string | null;
}

function hitsSql(compiled: CompiledQuery): HitsSql {
  if (compiled.match === null) {
    const sql = `SELECT m.id, coalesce(m.thread_id, m.id) AS thread, 0 AS score, m.date FROM messages m WHERE ${compiled.where}`;
    return {
      sql,
      unranked: `SELECT m.id, coalesce(m.thread_id, m.id) AS thread, m.thread_id IS NULL AS ungrouped, m.date FROM messages m WHERE ${compiled.where}`,
      order: 'ORDER BY date DESC, id DESC',
      params: compiled.params,
      matchOnly: null,
    };
  }
  const from = `FROM message_fts JOIN messages m ON m.id = message_fts.rowid
          WHERE message_fts MATCH ? AND (${compiled.where})`;
  return {
    sql: `SELECT m.id, coalesce(m.thread_id, m.id) AS thread, ${BM25} AS score, m.date ${from}`,
    unranked: `SELECT m.id, coalesce(m.thread_id, m.id) AS thread, m.thread_id IS NULL AS ungrouped, m.date ${from}`,
    order: 'ORDER BY score, date DESC, id DESC',
    params: [compiled.match, ...compiled.params],
    matchOnly: compiled.where === '1' ? compiled.match : null,
  };
}

/**
 * Distinct results up to THREAD_COUNT_CAP + 1 in one pass, telling threads from messages an import stored
 * and has not grouped yet (their `thread` is their own id, which must not be taken for a thread id).
 */
function countResults(db: Database.Database, hits: HitsSql): ResultCount {
  const rows = db
    .prepare(
      `SELECT ungrouped, count(*) AS n FROM (SELECT DISTINCT thread, ungrouped FROM (${hits.unranked}) LIMIT ?)
       GROUP BY ungrouped`,
    )
    .all(...hits.params, THREAD_COUNT_CAP + 1) as { ungrouped: number; n: number }[];
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
 * hit keeps a word that matches half the archive fast (measured on 50k messages: 59 → ~25 ms).
 */
function topThreads(db: Database.Database, hits: HitsSql, wanted: number): HitRow[][] {
  let k = Math.max(FIRST_HITS, wanted * 10);
  for (;;) {
    let rows: HitRow[];
    let complete: boolean;
    if (hits.matchOnly === null) {
      rows = db
        .prepare(`SELECT id, thread, score FROM (${hits.sql}) ${hits.order} LIMIT ?`)
        .all(...hits.params, k) as HitRow[];
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
 * hits to its message (measured on 50k messages, a word in 33k of them: 17 -> ~12 ms); only the k
 * survivors are looked up for their thread and date. Hits that tie with the k-th score may have been cut
 * anywhere among themselves, so they are dropped: the rows returned are exactly the first ones of the
 * full order, and the caller widens k when they are too few. `complete`: these are all the hits.
 */
function rankedInIndex(
  db: Database.Database,
  match: string,
  k: number,
): { rows: HitRow[]; complete: boolean } {
  const ranked = db
    .prepare(
      `SELECT rowid AS id, ${BM25} AS score FROM message_fts WHERE message_fts MATCH ? ORDER BY score LIMIT ?`,
    )
    .all(match, k) as { id: number; score: number }[];
  const facts = db
    .prepare(
      'SELECT id, coalesce(thread_id, id) AS thread, date FROM messages WHERE id IN (SELECT value FROM json_each(?))',
    )
    .all(JSON.stringify(ranked.map((r) => r.id))) as { id: number; thread: number; date: number }[];
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

/**
 * Runs a query in the MailTrove query language. Results are threads, ranked by their best message
 * (bm25, newest first on ties), each with the thread's matching messages and a highlighted snippet.
 * Works on a read-only connection, so it can run while an import writes.
 */
export function searchArchive(
  db: Database.Database,
  query: string,
  options: { limit?: number; offset?: number } = {},
): SearchPage {
  const tree = parseQuery(query);
  return reportingQueryFailures(() => runSearch(db, tree, options));
}

function runSearch(
  db: Database.Database,
  tree: QueryNode,
  options: { limit?: number; offset?: number },
): SearchPage {
  const limit = options.limit ?? 20;
  const offset = options.offset ?? 0;
  const compiled = compileQuery(tree);
  const hits = hitsSql(compiled);
  const page = topThreads(db, hits, offset + limit).slice(offset, offset + limit);
  const { totalThreads, totalThreadsCapped, ungrouped } = countResults(db, hits);
  const members = threadMembers(db, compiled, hits, page);
  const terms = highlightTerms(tree);
  const detail = db.prepare(
    `SELECT m.id, m.sha256, m.subject, m.from_addr, m.date, m.size, m.parse_error, b.codec, b.data
     FROM messages m LEFT JOIN message_body b ON b.message_id = m.id WHERE m.id = ?`,
  );
  const bodyText = createBodyReader(db);
  const shaOf = db.prepare('SELECT sha256 FROM messages WHERE id = ?').pluck();
  const folders = db
    .prepare(
      `SELECT DISTINCT f.path FROM memberships ms JOIN folders f ON f.id = ms.folder_id
       WHERE ms.message_id = ? ORDER BY f.path`,
    )
    .pluck();
  return {
    totalThreads,
    totalThreadsCapped,
    ungrouped,
    hits: page.map((thread) => {
      const top = thread[0] as HitRow;
      const best = detail.get(top.id) as DetailRow;
      const body =
        best.codec && best.data
          ? decodeRaw({ codec: best.codec, data: best.data }).toString('utf8')
          : bodyText(best);
      return {
        threadId: top.thread,
        messages: members
          .filter((m) => m.thread === top.thread)
          .map((m) => ({ id: m.id, sha256: (shaOf.get(m.id) as Buffer).toString('hex') })),
        subject: best.subject,
        from: best.from_addr,
        date: new Date(best.date).toISOString(),
        folders: folders.all(best.id) as string[],
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
 * scoring every match again (measured on 50k messages, a phrase found in 19.5k of them: 14.5 -> 5.5 ms;
 * a word in 26k: 7.2 -> 2.5 ms).
 */
function threadMembers(
  db: Database.Database,
  compiled: CompiledQuery,
  hits: HitsSql,
  page: HitRow[][],
): { id: number; thread: number }[] {
  const threads = JSON.stringify(page.map((t) => t[0]?.thread));
  if (compiled.match === null) {
    return db
      .prepare(
        `SELECT id, thread FROM (${hits.sql}) WHERE thread IN (SELECT value FROM json_each(?)) ${hits.order}`,
      )
      .all(...hits.params, threads) as { id: number; thread: number }[];
  }
  const candidates = db
    .prepare(
      `SELECT m.id, coalesce(m.thread_id, m.id) AS thread, m.date FROM messages m
       WHERE (m.thread_id IN (SELECT value FROM json_each(?))
              OR (m.thread_id IS NULL AND m.id IN (SELECT value FROM json_each(?))))
         AND (${compiled.where})`,
    )
    .all(threads, threads, ...compiled.params) as MemberRow[];
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const matching = db.prepare('SELECT rowid FROM message_fts WHERE message_fts MATCH ?').pluck();
  const found: MemberRow[] = [];
  for (const id of matching.all(compiled.match) as number[]) {
    const member = byId.get(id);
    if (member) found.push(member);
  }
  const rank = new Map(page.flat().map((row, i) => [row.id, i]));
  const order = (m: { id: number }): number => rank.get(m.id) ?? rank.size;
  return found.sort((a, b) => order(a) - order(b) || b.date - a.date || b.id - a.id);
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
): (message: Pick<DetailRow, 'id' | 'size' | 'parse_error'>) => string {
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
  const hits = hitsSql(compileQuery(parseQuery(query)));
  return reportingQueryFailures(
    () =>
      db
        .prepare(`WITH hits AS (${hits.sql}) SELECT id FROM hits ORDER BY date, id`)
        .pluck()
        .all(...hits.params) as number[],
  );
}

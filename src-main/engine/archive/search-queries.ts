import type Database from 'better-sqlite3';
import type { RawCodec } from '../mime/parsed-message.ts';

/** A query compiled by engine/search: an FTS5 MATCH for the ranked words plus an SQL filter. */
export interface CompiledQuery {
  /** FTS5 MATCH expression for the ranked text part, or null when the query has no positive text terms at the top level */
  match: string | null;
  /** SQL boolean expression over alias `m` (messages), with `?` placeholders; '1' when there is no filter */
  where: string;
  params: (string | number)[];
}

/** Column weights for bm25: a word in the subject counts most, then the people, then the body. */
const BM25 = 'bm25(message_fts, 8.0, 4.0, 2.0, 2.0, 1.0, 3.0)';

/** A matching message: its thread (its own id while not threaded yet) and bm25 score. */
export interface HitRow {
  id: number;
  thread: number;
  score: number;
}

/** The matching messages as (id, thread, score, date) rows: one ranked MATCH plus the SQL filters. */
export interface HitsSql {
  /** id, thread, score, date of every match */
  sql: string;
  /** id, thread, ungrouped (not threaded yet), date of every match: for counting, without bm25 */
  unranked: string;
  order: string;
  params: (string | number)[];
  /** the MATCH expression when the query is words alone (no SQL filter): then FTS5 can rank by itself */
  matchOnly: string | null;
}

/** How results are ordered: best match first (bm25, then newest), or newest first. */
export type SearchSort = 'relevance' | 'date';

/** The hits' SQL of a compiled query, in the order `sort` asks for. */
export function hitsSql(compiled: CompiledQuery, sort: SearchSort = 'relevance'): HitsSql {
  const hits = rankedHitsSql(compiled);
  // By date, the words still select but no longer rank: FTS5 cannot order by date by itself.
  return sort === 'date' ? { ...hits, order: 'ORDER BY date DESC, id DESC', matchOnly: null } : hits;
}

function rankedHitsSql(compiled: CompiledQuery): HitsSql {
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

/** Distinct (thread, ungrouped) results, at most `cap`, counted by whether they are threaded yet. */
export function countDistinctResults(
  db: Database.Database,
  hits: HitsSql,
  cap: number,
): { ungrouped: number; n: number }[] {
  return db
    .prepare(
      `SELECT ungrouped, count(*) AS n FROM (SELECT DISTINCT thread, ungrouped FROM (${hits.unranked}) LIMIT ?)
       GROUP BY ungrouped`,
    )
    .all(...hits.params, cap) as { ungrouped: number; n: number }[];
}

/** The first k hits in the hits' order. */
export function firstHits(db: Database.Database, hits: HitsSql, k: number): HitRow[] {
  return db
    .prepare(`SELECT id, thread, score FROM (${hits.sql}) ${hits.order} LIMIT ?`)
    .all(...hits.params, k) as HitRow[];
}

/** The best k matches of a MATCH expression by bm25, ranked inside FTS5 alone. */
export function rankedMatches(
  db: Database.Database,
  match: string,
  k: number,
): { id: number; score: number }[] {
  return db
    .prepare(
      `SELECT rowid AS id, ${BM25} AS score FROM message_fts WHERE message_fts MATCH ? ORDER BY score LIMIT ?`,
    )
    .all(match, k) as { id: number; score: number }[];
}

/** Thread and date of the given messages. */
export function threadAndDate(
  db: Database.Database,
  ids: readonly number[],
): { id: number; thread: number; date: number }[] {
  return db
    .prepare(
      'SELECT id, coalesce(thread_id, id) AS thread, date FROM messages WHERE id IN (SELECT value FROM json_each(?))',
    )
    .all(JSON.stringify(ids)) as { id: number; thread: number; date: number }[];
}

/** The hits (of a query without words) in the given threads, in the hits' order. */
export function hitsInThreads(
  db: Database.Database,
  hits: HitsSql,
  threads: readonly (number | undefined)[],
): { id: number; thread: number }[] {
  return db
    .prepare(
      `SELECT id, thread FROM (${hits.sql}) WHERE thread IN (SELECT value FROM json_each(?)) ${hits.order}`,
    )
    .all(...hits.params, JSON.stringify(threads)) as { id: number; thread: number }[];
}

/** Messages of the given threads (or unthreaded messages with those ids) that pass the query's filters. */
export function filteredThreadMessages(
  db: Database.Database,
  compiled: CompiledQuery,
  threads: readonly (number | undefined)[],
): { id: number; thread: number; date: number }[] {
  const list = JSON.stringify(threads);
  return db
    .prepare(
      `SELECT m.id, coalesce(m.thread_id, m.id) AS thread, m.date FROM messages m
       WHERE (m.thread_id IN (SELECT value FROM json_each(?))
              OR (m.thread_id IS NULL AND m.id IN (SELECT value FROM json_each(?))))
         AND (${compiled.where})`,
    )
    .all(list, list, ...compiled.params) as { id: number; thread: number; date: number }[];
}

/** Every message id the full-text index matches. */
export function matchingIds(db: Database.Database, match: string): number[] {
  return db.prepare('SELECT rowid FROM message_fts WHERE message_fts MATCH ?').pluck().all(match) as number[];
}

/**
 * The k newest messages that pass the query's filters, its words aside, newest first: through the date
 * index, so the cost is k's, not the archive's.
 */
export function newestFiltered(
  db: Database.Database,
  compiled: CompiledQuery,
  k: number,
): { id: number; thread: number; date: number }[] {
  return db
    .prepare(
      `SELECT m.id, coalesce(m.thread_id, m.id) AS thread, m.date FROM messages m WHERE (${compiled.where})
       ORDER BY m.date DESC, m.id DESC LIMIT ?`,
    )
    .all(...compiled.params, k) as { id: number; thread: number; date: number }[];
}

/** Every hit's message id, oldest first. */
export function hitIdsByDate(db: Database.Database, hits: HitsSql): number[] {
  return db
    .prepare(`WITH hits AS (${hits.sql}) SELECT id FROM hits ORDER BY date, id`)
    .pluck()
    .all(...hits.params) as number[];
}

/** A shown hit's message, with the body text older archives kept. */
export interface HitDetail {
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

/** Lookups for the hits shown on a page: a message's details, its hash, its folders. */
export function createHitLookups(db: Database.Database): {
  detail(id: number): HitDetail;
  sha256(id: number): Buffer;
  folders(id: number): string[];
} {
  const detail = db.prepare(
    `SELECT m.id, m.sha256, m.subject, m.from_addr, m.date, m.size, m.parse_error, b.codec, b.data
     FROM messages m LEFT JOIN message_body b ON b.message_id = m.id WHERE m.id = ?`,
  );
  const shaOf = db.prepare('SELECT sha256 FROM messages WHERE id = ?').pluck();
  const folders = db
    .prepare(
      `SELECT DISTINCT f.path FROM memberships ms JOIN folders f ON f.id = ms.folder_id
       WHERE ms.message_id = ? ORDER BY f.path`,
    )
    .pluck();
  return {
    detail: (id) => detail.get(id) as HitDetail,
    sha256: (id) => shaOf.get(id) as Buffer,
    folders: (id) => folders.all(id) as string[],
  };
}

/** Every folder's id, path and delimiter: what `folder:` values are matched against. */
export function folderNames(db: Database.Database): { id: number; path: string; delimiter: string | null }[] {
  return db.prepare('SELECT id, path, delimiter FROM folders').all() as {
    id: number;
    path: string;
    delimiter: string | null;
  }[];
}

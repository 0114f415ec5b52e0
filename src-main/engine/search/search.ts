import type Database from 'better-sqlite3';
import { decodeRaw } from '../mime/raw-codec.ts';
import type { RawCodec } from '../mime/parsed-message.ts';
import { compileQuery, type CompiledQuery } from './compile.ts';
import { parseQuery } from './query-parser.ts';
import { highlightTerms, makeSnippet } from './snippet.ts';

export interface SearchHit {
  threadId: number;
  /** the thread's messages that match, best first */
  messages: { id: number; sha256: string }[];
  subject: string | null;
  from: string | null;
  date: string;
  folders: string[];
  snippet: string;
  /** bm25 of the best message (lower is better; 0 when the query has no words) */
  score: number;
}

export interface SearchPage {
  hits: SearchHit[];
  totalThreads: number;
}

/** Column weights for bm25: a word in the subject counts most, then the people, then the body. */
const BM25 = 'bm25(message_fts, 8.0, 4.0, 2.0, 2.0, 1.0, 3.0)';

interface ThreadRow {
  thread: number;
  best_id: number;
  score: number;
  ids: string;
  total: number;
}

interface DetailRow {
  id: number;
  sha256: Buffer;
  subject: string | null;
  from_addr: string | null;
  date: number;
  codec: RawCodec | null;
  data: Buffer | null;
}

/** The matching messages as (id, thread, score, date) rows: one ranked MATCH plus the SQL filters. */
function hitsSql(compiled: CompiledQuery): { sql: string; params: (string | number)[] } {
  if (compiled.match === null) {
    return {
      sql: `SELECT m.id, coalesce(m.thread_id, m.id) AS thread, 0 AS score, m.date FROM messages m WHERE ${compiled.where}`,
      params: compiled.params,
    };
  }
  return {
    sql: `SELECT m.id, coalesce(m.thread_id, m.id) AS thread, ${BM25} AS score, m.date
          FROM message_fts JOIN messages m ON m.id = message_fts.rowid
          WHERE message_fts MATCH ? AND (${compiled.where})`,
    params: [compiled.match, ...compiled.params],
  };
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
  const hits = hitsSql(compileQuery(tree));
  const threads = db
    .prepare(
      `WITH hits AS (${hits.sql}),
       ranked AS (
         SELECT id, thread, score, date,
           row_number() OVER (PARTITION BY thread ORDER BY score, date DESC, id DESC) AS rn,
           group_concat(id) OVER (PARTITION BY thread ORDER BY score, date DESC, id DESC
             ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS ids
         FROM hits)
       SELECT thread, id AS best_id, score, ids, count(*) OVER () AS total
       FROM ranked WHERE rn = 1 ORDER BY score, date DESC, id DESC LIMIT ? OFFSET ?`,
    )
    .all(...hits.params, options.limit ?? 20, options.offset ?? 0) as ThreadRow[];
  const terms = highlightTerms(tree);
  const detail = db.prepare(
    `SELECT m.id, m.sha256, m.subject, m.from_addr, m.date, b.codec, b.data
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
    totalThreads: threads[0]?.total ?? 0,
    hits: threads.map((row) => {
      const best = detail.get(row.best_id) as DetailRow;
      const body =
        best.codec && best.data ? decodeRaw({ codec: best.codec, data: best.data }).toString('utf8') : '';
      return {
        threadId: row.thread,
        messages: row.ids.split(',').map((id) => ({
          id: Number(id),
          sha256: (shaOf.get(Number(id)) as Buffer).toString('hex'),
        })),
        subject: best.subject,
        from: best.from_addr,
        date: new Date(best.date).toISOString(),
        folders: folders.all(best.id) as string[],
        snippet: makeSnippet(body, terms),
        score: row.score,
      };
    }),
  };
}

/** Every message id matching the query (for export), oldest first. */
export function matchingMessageIds(db: Database.Database, query: string): number[] {
  const hits = hitsSql(compileQuery(parseQuery(query)));
  return db
    .prepare(`WITH hits AS (${hits.sql}) SELECT id FROM hits ORDER BY date, id`)
    .pluck()
    .all(...hits.params) as number[];
}

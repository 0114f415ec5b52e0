/**
 * The query language's limits: a length and a nesting cap with errors that say so, and queries at the
 * cap that FTS5 still parses (its parser has a fixed stack) and that find exactly what they mean.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledSearch } from '../support/compiled-search.ts';
import { MailtroveError } from '../../src-main/engine/errors.ts';
import { compileQuery, FIELD_COLUMNS, quoteFts } from '../../src-main/engine/search/compile.ts';
import { reportingQueryFailures } from '../../src-main/engine/search/query-failure.ts';
import { MAX_QUERY_DEPTH, MAX_QUERY_LENGTH, parseQuery } from '../../src-main/engine/search/query-parser.ts';
import type { QueryNode } from '../../src-main/engine/search/query-tree.ts';

function queryError(run: () => unknown): MailtroveError {
  try {
    run();
  } catch (error) {
    if (error instanceof MailtroveError) return error;
    throw error;
  }
  throw new Error('expected a query error');
}

describe('parseQuery: limits', () => {
  it(`accepts ${MAX_QUERY_LENGTH} characters and refuses one more, saying so`, () => {
    const longest = 'a '.repeat(MAX_QUERY_LENGTH / 2 - 1) + 'ab';
    expect(longest).toHaveLength(MAX_QUERY_LENGTH);
    expect(parseQuery(longest).kind).toBe('and');
    const error = queryError(() => parseQuery(`${longest}c`));
    expect(error.kind).toBe('query');
    expect(error.message).toBe('The search is too long: 2001 characters, and at most 2000 are allowed.');
  });

  it(`accepts ${MAX_QUERY_DEPTH} nested groups and refuses the next, naming its position`, () => {
    const nested = (depth: number): string => `${'a -('.repeat(depth)}b${')'.repeat(depth)}`;
    expect(parseQuery(nested(MAX_QUERY_DEPTH)).kind).toBe('and');
    const error = queryError(() => parseQuery(nested(MAX_QUERY_DEPTH + 1)));
    expect(error.kind).toBe('query');
    expect(error.message).toBe(
      "The search nests parentheses too deeply: the '(' at position 68 opens level 17, and at most 16 " +
        'levels are allowed.',
    );
    expect(error.hint).toMatch(/Remove some of the parentheses/);
  });

  it('answers the nesting that crashed the CLI with a query error, not a stack overflow', () => {
    // 500 levels fit in the length cap; 10,000 did overflow the parser's recursion.
    expect(queryError(() => parseQuery('(('.repeat(500))).kind).toBe('query');
    expect(queryError(() => parseQuery(`${'a -('.repeat(10_000)}b`)).kind).toBe('query');
  });

  it('reads a long run of "-" without recursion: an odd count negates, an even one does not', () => {
    expect(parseQuery(`${'-'.repeat(1999)}a`)).toEqual({
      kind: 'not',
      child: { kind: 'term', field: null, text: 'a', phrase: false, prefix: false },
    });
    expect(parseQuery(`${'-'.repeat(1998)}a`).kind).toBe('term');
    expect(parseQuery('--(-a)')).toEqual(parseQuery('-a'));
  });
});

// A small index: enough words for every operator to select something different.
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];
const ROWS = Array.from({ length: 40 }, (_, id) => ({
  id: id + 1,
  subject: WORDS.filter((_, i) => ((id + 1) >> i) % 2 === 1).join(' '),
  body: WORDS.filter((_, i) => (((id + 7) * 5) >> i) % 3 === 0).join(' '),
}));

let db: Database.Database;
beforeAll(() => {
  db = new Database(':memory:');
  db.exec(`
    CREATE TABLE messages (id INTEGER PRIMARY KEY);
    CREATE VIRTUAL TABLE message_fts USING fts5(subject, sender, to_addrs, cc_addrs, body, filenames);
  `);
  const message = db.prepare('INSERT INTO messages (id) VALUES (?)');
  const fts = db.prepare('INSERT INTO message_fts (rowid, subject, body) VALUES (?, ?, ?)');
  for (const row of ROWS) {
    message.run(row.id);
    fts.run(row.id, row.subject, row.body);
  }
});
afterAll(() => {
  db.close();
});

const search = (query: string): number[] => compiledSearch(db, query);

/** What the query means, worked out one term at a time (each a flat MATCH) and combined as sets. */
function meaning(node: QueryNode): Set<number> {
  const all = new Set(ROWS.map((row) => row.id));
  switch (node.kind) {
    case 'term': {
      const phrase = quoteFts(node.text) + (node.prefix ? '*' : '');
      const fts = node.field === null ? phrase : `${FIELD_COLUMNS[node.field]} : ${phrase}`;
      return new Set(
        db.prepare('SELECT rowid FROM message_fts WHERE message_fts MATCH ?').pluck().all(fts) as number[],
      );
    }
    case 'and':
      return node.children.map(meaning).reduce((a, b) => new Set([...a].filter((id) => b.has(id))));
    case 'or':
      return new Set(node.children.flatMap((child) => [...meaning(child)]));
    case 'not': {
      const excluded = meaning(node.child);
      return new Set([...all].filter((id) => !excluded.has(id)));
    }
    default:
      throw new Error(`no predicates in these queries: ${node.kind}`);
  }
}

/** The deepest parenthesis level of an FTS5 expression, outside its quoted strings. */
function ftsNesting(fts: string): number {
  let depth = 0;
  let deepest = 0;
  for (const part of fts.split(/"(?:[^"]|"")*"/)) {
    for (const ch of part) {
      if (ch === '(') deepest = Math.max(deepest, ++depth);
      if (ch === ')') depth--;
    }
  }
  return deepest;
}

/**
 * One level of nesting each, in the shapes that cost FTS5's parser the most stack per level: an OR whose
 * branch is an AND with several negations compiles to `"a" OR (("c" AND "d") NOT ("e" OR (…) OR "f"))`.
 */
const LEVELS: ((inner: string) => string)[] = [
  (x) => `alpha -(${x})`,
  (x) => `alpha -(${x}) -bravo`,
  (x) => `alpha OR charlie delta -echo -(${x}) -foxtrot`,
  (x) => `alpha OR charlie -delta -(echo OR ${x}) -foxtrot`,
  (x) => `bravo OR charlie (delta OR ${x} -echo)`,
  (x) => `subject:(alpha -bravo ${x})`,
  (x) => `alpha b* OR (${x}) charlie`,
];

/** `depth` levels, each one of LEVELS (one '(' each); checked to nest exactly that deep. */
function nestedQuery(depth: number, pick: (level: number) => number): string {
  let query = 'delta*';
  for (let level = 0; level < depth; level++) query = LEVELS[pick(level)]?.(query) ?? query;
  expect(ftsNesting(query)).toBe(depth);
  return query;
}

describe(`queries nested ${MAX_QUERY_DEPTH} deep`, () => {
  it.each(LEVELS.map((level, i) => [level('…'), i] as const))(
    'run and find what they mean: %s',
    (_shape, index) => {
      const query = nestedQuery(MAX_QUERY_DEPTH, () => index);
      const tree = parseQuery(query);
      const compiled = compileQuery(tree);
      for (const fts of [compiled.match, ...compiled.params]) {
        if (typeof fts === 'string') expect(ftsNesting(fts)).toBeLessThanOrEqual(30);
      }
      expect(search(query)).toEqual([...meaning(tree)].sort((a, b) => a - b));
    },
  );

  it('run and find what they mean in any mix of those shapes', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % LEVELS.length;
    };
    for (let round = 0; round < 40; round++) {
      const query = nestedQuery(MAX_QUERY_DEPTH, random);
      expect(search(query), query).toEqual([...meaning(parseQuery(query))].sort((a, b) => a - b));
    }
  });
});

describe('a search SQLite refuses', () => {
  it("is a query error with SQLite's words, not an archive or disk error", () => {
    const overflow = `${'"a" NOT ('.repeat(40)}"b"${')'.repeat(40)}`;
    const error = queryError(() =>
      reportingQueryFailures(() =>
        db.prepare('SELECT rowid FROM message_fts WHERE message_fts MATCH ?').all(overflow),
      ),
    );
    expect(error.kind).toBe('query');
    expect(error.message).toBe('The search index cannot run this search (fts5: parser stack overflow).');
    expect(`${error.message} ${error.hint ?? ''}`).not.toMatch(/disk|archive/i);
  });

  it('leaves a locked or failing archive an archive error', () => {
    const busy = new Database.SqliteError('database is locked', 'SQLITE_BUSY');
    expect(() =>
      reportingQueryFailures(() => {
        throw busy;
      }),
    ).toThrow(busy);
  });
});

/**
 * Turns a query tree into an FTS5 MATCH string plus an SQL filter over `messages m`.
 *
 * Positive text terms at the top level go into ONE MATCH expression so bm25 can rank on them; everything
 * else (negations, folder/date/size predicates, OR groups that mix text and predicates) becomes `where`.
 * User text only ever reaches SQL as a bound parameter, or inside a double-quoted FTS5 string.
 */
import type { CompiledQuery } from '../archive/search-queries.ts';
import { segmentCjk } from '../text/cjk.ts';
import type { QueryNode, TermNode, TextField } from './query-tree.ts';

export type { CompiledQuery };

/** Field -> message_fts column. A bare term has no column filter and so searches them all. */
export const FIELD_COLUMNS: Readonly<Record<TextField, string>> = {
  from: 'sender',
  to: 'to_addrs',
  cc: 'cc_addrs',
  subject: 'subject',
  body: 'body',
  filename: 'filenames',
};

/** The folder ids a `folder:` value means (folded, see folder-match.ts); without it, paths compare exactly. */
export type FolderResolver = (path: string) => readonly number[];

export function compileQuery(tree: QueryNode, folders?: FolderResolver): CompiledQuery {
  const params: (string | number)[] = [];
  const sqlOf = (node: QueryNode): string => nodeSql(node, params, folders);
  const topLevel = tree.kind === 'and' ? tree.children : [tree];
  const ranked: string[] = [];
  const excluded: string[] = [];
  const others: QueryNode[] = [];
  for (const child of topLevel) {
    const fts = ftsOf(child);
    const negatedFts = child.kind === 'not' ? ftsOf(child.child) : null;
    if (fts !== null) ranked.push(fts);
    else if (negatedFts !== null) excluded.push(negatedFts);
    else others.push(child);
  }
  // `meeting -budget` is one MATCH (`"meeting" NOT "budget"`): the index answers it alone, instead of
  // ranking "meeting" and then testing each hit against a second lookup. FTS5's NOT needs a left side,
  // so without positive words the negations stay filters.
  const filters = ranked.length === 0 ? [...excluded.map((fts) => ftsFilter(fts, params, true))] : [];
  for (const child of others) filters.push(sqlOf(child));
  const positive = ranked.length === 0 ? null : joinFts(ranked, 'AND');
  const match =
    positive === null || excluded.length === 0
      ? positive
      : `${wrap(positive)} NOT ${wrap(joinFts(excluded, 'OR'))}`;
  return { match, where: filters.length === 0 ? '1' : filters.join(' AND '), params };
}

/** FTS5 string literal: the text in double quotes, inner quotes doubled. Nothing in it is syntax. */
export function quoteFts(text: string): string {
  return `"${segmentCjk(text).replaceAll('"', '""')}"`;
}

function termFts(term: TermNode): string {
  // A quoted string is an FTS5 phrase, so a bare word that tokenizes into several tokens (e-mail,
  // bob@example.com, segmented CJK) matches them adjacent and in order, which is what the user typed.
  const phrase = quoteFts(term.text) + (term.prefix ? '*' : '');
  return term.field === null ? phrase : `${FIELD_COLUMNS[term.field]} : ${phrase}`;
}

/**
 * FTS5 parses a MATCH expression on a fixed stack of 100 entries, and each '(' can hold three of them
 * (`"a" NOT (`): nested 33 deep, a query fails with "fts5: parser stack overflow" (measured, SQLite 3.54).
 * One level of the query language can compile to two or three levels of parentheses, so a compound part
 * nested deeper than this, less the two levels its callers may still add, runs as MATCH subqueries joined
 * in SQL instead: the same messages, only that part is not ranked.
 */
const MAX_FTS_NESTING = 30;

/** The deepest parenthesis level of an FTS5 expression; quoted strings hold no syntax. */
function nesting(fts: string): number {
  let depth = 0;
  let deepest = 0;
  let quoted = false;
  for (const ch of fts) {
    // A doubled quote inside a string toggles twice: still inside.
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '(') deepest = Math.max(deepest, ++depth);
    else if (!quoted && ch === ')') depth--;
  }
  return deepest;
}

/** A compound expression, or null when FTS5 could not parse it once its callers have wrapped it. */
function withinStack(fts: string): string | null {
  return nesting(fts) <= MAX_FTS_NESTING - 2 ? fts : null;
}

/** Trees are immutable, and sqlOf asks again for the subtrees ftsOf has already compiled. */
const ftsOfNode = new WeakMap<QueryNode, string | null>();

/**
 * The node as one FTS5 expression, or null when FTS5 cannot express it alone: a predicate, a bare
 * negation (FTS5 NOT is binary, `a NOT b`, so a negation needs a positive term in the same AND group),
 * or a group nested too deeply for FTS5's parser.
 */
function ftsOf(node: QueryNode): string | null {
  let fts = ftsOfNode.get(node);
  if (fts === undefined) {
    fts = compileFts(node);
    ftsOfNode.set(node, fts);
  }
  return fts;
}

function compileFts(node: QueryNode): string | null {
  switch (node.kind) {
    case 'term':
      return termFts(node);
    case 'or': {
      const parts = node.children.map(ftsOf);
      return parts.every((part) => part !== null) ? withinStack(joinFts(parts, 'OR')) : null;
    }
    case 'and': {
      const positive: string[] = [];
      const negative: string[] = [];
      for (const child of node.children) {
        const fts = child.kind === 'not' ? ftsOf(child.child) : ftsOf(child);
        if (fts === null) return null;
        (child.kind === 'not' ? negative : positive).push(fts);
      }
      if (positive.length === 0) return null;
      const base = joinFts(positive, 'AND');
      return withinStack(negative.length === 0 ? base : `${wrap(base)} NOT ${wrap(joinFts(negative, 'OR'))}`);
    }
    default:
      return null;
  }
}

function joinFts(parts: readonly string[], op: 'AND' | 'OR'): string {
  const only = parts[0];
  if (parts.length === 1 && only !== undefined) return only;
  return parts.map(wrap).join(` ${op} `);
}

/** Parenthesise compound FTS expressions so FTS5's own precedence never regroups them. */
function wrap(fts: string): string {
  return /^(?:[a-z_]+ : )?"(?:[^"]|"")*"\*?$/.test(fts) ? fts : `(${fts})`;
}

function ftsFilter(fts: string, params: (string | number)[], negated: boolean): string {
  params.push(fts);
  return `m.id ${negated ? 'NOT IN' : 'IN'} (SELECT rowid FROM message_fts WHERE message_fts MATCH ?)`;
}

/** The node as an SQL boolean over `m`, appending its parameters in placeholder order. */
function nodeSql(node: QueryNode, params: (string | number)[], folders: FolderResolver | undefined): string {
  const sqlOf = (child: QueryNode): string => nodeSql(child, params, folders);
  const fts = ftsOf(node);
  if (fts !== null) return ftsFilter(fts, params, false);
  switch (node.kind) {
    case 'not': {
      const inner = ftsOf(node.child);
      return inner === null ? `NOT (${sqlOf(node.child)})` : ftsFilter(inner, params, true);
    }
    case 'and':
    case 'or':
      return groupSql(node.kind, node.children, params, sqlOf);
    case 'folder': {
      if (folders !== undefined) {
        const ids = folders(node.path);
        if (ids.length === 0) return '0';
        params.push(...ids);
        return (
          'EXISTS (SELECT 1 FROM memberships ms WHERE ms.message_id = m.id ' +
          `AND ms.folder_id IN (${ids.map(() => '?').join(', ')}))`
        );
      }
      params.push(node.path, node.path, node.path);
      // The folder itself, or a folder whose path continues past it with its own hierarchy delimiter:
      // folder:Archive finds Archive/2023 (or Archive.2023 on '.' servers) but not Archives. substr and
      // length count characters on both sides, and a NULL delimiter (flat namespace) matches no child.
      return (
        'EXISTS (SELECT 1 FROM memberships ms JOIN folders f ON f.id = ms.folder_id ' +
        'WHERE ms.message_id = m.id AND (f.path = ? OR substr(f.path, 1, length(?) + 1) = ? || f.delimiter))'
      );
    }
    case 'label':
      params.push(node.key, `${node.key}/`, `${node.key}0`);
      // An IN over the label index, not a per-message EXISTS: label:x alone must not scan every message.
      // '0' follows '/' in every collation SQLite uses, so the range is exactly the labels below.
      return (
        'm.id IN (SELECT message_id FROM message_labels WHERE label_key = ? ' +
        'OR (label_key > ? AND label_key < ?))'
      );
    case 'account':
      params.push(node.name);
      return (
        'EXISTS (SELECT 1 FROM memberships ms JOIN folders f ON f.id = ms.folder_id ' +
        'JOIN accounts a ON a.id = f.account_id WHERE ms.message_id = m.id AND a.name = ? COLLATE NOCASE)'
      );
    case 'hasAttachment':
      return 'm.has_attachments = 1';
    case 'date':
      params.push(node.ms);
      return node.op === 'after' ? 'm.date >= ?' : 'm.date < ?';
    case 'size':
      params.push(node.bytes);
      return node.op === 'larger' ? 'm.size > ?' : 'm.size < ?';
    case 'term':
      // ftsOf always handles terms; kept so the switch stays exhaustive.
      return ftsFilter(termFts(node), params, false);
  }
}

/**
 * An AND/OR group that FTS5 cannot express as a whole: the children it can express are still merged into
 * one MATCH subquery (one index lookup instead of one per term), the rest are compiled one by one.
 */
function groupSql(
  kind: 'and' | 'or',
  children: readonly QueryNode[],
  params: (string | number)[],
  sqlOf: (node: QueryNode) => string,
): string {
  const op = kind === 'and' ? 'AND' : 'OR';
  const textParts: string[] = [];
  const others: QueryNode[] = [];
  for (const child of children) {
    const fts = ftsOf(child);
    if (fts === null) others.push(child);
    else textParts.push(fts);
  }
  const parts: string[] = [];
  if (textParts.length > 0) parts.push(ftsFilter(joinFts(textParts, op), params, false));
  for (const child of others) parts.push(sqlOf(child));
  return parts.length === 1 ? (parts[0] ?? '1') : `(${parts.join(` ${op} `)})`;
}

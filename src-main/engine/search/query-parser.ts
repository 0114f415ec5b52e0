/**
 * Parser for the search language (see docs in query-tree.ts for the node types):
 *
 *   query   := orExpr EOF
 *   orExpr  := andExpr ('OR' andExpr)*
 *   andExpr := unary (['AND'] unary)*          -- juxtaposition is AND
 *   unary   := '-' unary | primary
 *   primary := '(' orExpr ')' | field? (word | "phrase" | '(' orExpr ')')
 *
 * AND binds tighter than OR (`a b OR c` is `(a b) OR c`), as in notmuch, SQL and FTS5 itself.
 */
import { MailtroveError } from '../errors.ts';
import { tokenize, queryError, type Token } from './query-lexer.ts';
import { isTextField, type QueryNode, type TextField } from './query-tree.ts';
import { parseDateStart, parseSize } from './query-values.ts';
import { labelKey } from '../archive/labels-repo.ts';

/**
 * The longest query accepted, in characters: far more than anyone types, and it bounds the work a
 * query can ask for (about a thousand terms) before anything is tokenized.
 */
export const MAX_QUERY_LENGTH = 2000;

/**
 * The deepest nesting of (groups) accepted. People write two or three levels; the cap keeps the parser's
 * recursion, and the SQL and FTS5 expressions compiled from the tree, far from their stack limits.
 */
export const MAX_QUERY_DEPTH = 16;

export function parseQuery(input: string): QueryNode {
  if (input.length > MAX_QUERY_LENGTH) {
    throw queryError(
      `The search is too long: ${input.length} characters, and at most ${MAX_QUERY_LENGTH} are allowed.`,
      'Shorten it, or split it into several searches.',
    );
  }
  const tokens = tokenize(input);
  if (tokens.length === 0) {
    throw queryError('Empty search: type some words, a "phrase", or a field such as from:alice.');
  }
  const parser = new Parser(tokens);
  return parser.parseAll();
}

class Parser {
  private readonly tokens: readonly Token[];
  private index = 0;
  /** how many '(' are open where the parser is */
  private depth = 0;

  constructor(tokens: readonly Token[]) {
    this.tokens = tokens;
  }

  parseAll(): QueryNode {
    const node = this.parseOr();
    const extra = this.peek();
    if (extra !== undefined) {
      // parseOr stops only at ')' or at the end, so a leftover token is a stray ')'.
      throw queryError(`Unmatched ')' at position ${extra.pos}.`);
    }
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(): Token | undefined {
    const token = this.tokens[this.index];
    this.index++;
    return token;
  }

  private parseOr(): QueryNode {
    const children = [this.parseAnd(null)];
    for (let token = this.peek(); token?.type === 'or'; token = this.peek()) {
      this.index++;
      children.push(this.parseAnd(token));
    }
    return combine('or', children);
  }

  /** `after` is the OR keyword this operand follows, for the error when it has none. */
  private parseAnd(after: Token | null): QueryNode {
    const children: QueryNode[] = [];
    for (;;) {
      const token = this.peek();
      if (token === undefined || token.type === 'rparen' || token.type === 'or') break;
      if (token.type === 'and') {
        if (children.length === 0) {
          throw after === null
            ? keywordWithout('AND', token, 'before')
            : keywordWithout('OR', after, 'after');
        }
        this.index++;
        if (this.atOperandEnd()) throw keywordWithout('AND', token, 'after');
        continue;
      }
      children.push(this.parseUnary());
    }
    if (children.length === 0) {
      const token = this.peek();
      if (after !== null) throw keywordWithout('OR', after, 'after');
      if (token?.type === 'or') throw keywordWithout('OR', token, 'before');
      // The only other way to get here is '(' followed straight by ')' or a stray ')'; callers report those.
      return { kind: 'and', children: [] };
    }
    return combine('and', children);
  }

  private atOperandEnd(): boolean {
    const token = this.peek();
    return token === undefined || token.type === 'rparen' || token.type === 'or' || token.type === 'and';
  }

  private parseUnary(): QueryNode {
    // A loop, not recursion: a query of a thousand '-' must not exhaust the stack.
    let negations = 0;
    let token = this.next();
    while (token?.type === 'not') {
      if (this.atOperandEnd()) {
        throw queryError(`'-' at position ${token.pos} must be followed directly by what to exclude.`);
      }
      negations++;
      token = this.next();
    }
    const node = this.parsePrimary(token);
    if (negations % 2 === 0) return node;
    // --a is a; keeping the double negation would only make the SQL harder to read.
    return node.kind === 'not' ? node.child : { kind: 'not', child: node };
  }

  private parsePrimary(token: Token | undefined): QueryNode {
    if (token === undefined) throw queryError('The search ends where a term was expected.');
    switch (token.type) {
      case 'lparen':
        return this.parseGroup(token);
      case 'word':
      case 'phrase':
        return textTerm(null, token.text, token.type === 'phrase', token.prefix, token.pos);
      case 'field':
        return this.parseField(token);
      case 'rparen':
        throw queryError(`Unmatched ')' at position ${token.pos}.`);
      case 'or':
      case 'and':
      case 'not':
        // parseAnd and parseUnary consume these before calling here.
        throw queryError(`Unexpected ${token.type.toUpperCase()} at position ${token.pos}.`);
    }
  }

  private parseGroup(open: Token): QueryNode {
    const first = this.peek();
    if (first?.type === 'rparen') throw queryError(`Empty parentheses at position ${open.pos}.`);
    if (first === undefined) throw queryError(`Missing ')' to close the '(' at position ${open.pos}.`);
    if (this.depth === MAX_QUERY_DEPTH) {
      throw queryError(
        `The search nests parentheses too deeply: the '(' at position ${open.pos} opens level ` +
          `${MAX_QUERY_DEPTH + 1}, and at most ${MAX_QUERY_DEPTH} levels are allowed.`,
        'Remove some of the parentheses; AND binds tighter than OR, so a b OR c needs none.',
      );
    }
    this.depth++;
    const inner = this.parseOr();
    this.depth--;
    if (this.next()?.type !== 'rparen') {
      throw queryError(`Missing ')' to close the '(' at position ${open.pos}.`);
    }
    return inner;
  }

  private parseField(field: Token & { type: 'field' }): QueryNode {
    const value = this.next();
    if (value?.type === 'lparen') {
      if (!isTextField(field.name)) {
        throw queryError(`${field.name}: at position ${field.pos} takes a single value, not a (group).`);
      }
      return applyField(this.parseGroup(value), field.name, field.pos);
    }
    if (value?.type !== 'word' && value?.type !== 'phrase') {
      // The lexer only emits a field when a value, phrase or '(' follows it.
      throw queryError(`${field.name}: at position ${field.pos} needs a value.`);
    }
    if (isTextField(field.name)) {
      return textTerm(field.name, value.text, value.type === 'phrase', value.prefix, field.pos);
    }
    if (value.prefix) {
      throw queryError(
        `${field.name}: at position ${field.pos} takes an exact value; wildcards (*) only work on words.`,
      );
    }
    return fieldNode(field.name, value.text, field.pos);
  }
}

function keywordWithout(keyword: string, token: Token, side: 'before' | 'after'): MailtroveError {
  return queryError(`${keyword} at position ${token.pos} needs a search term ${side} it.`);
}

/** Flatten same-kind children so `a (b c)` is one AND of three: the tree then has one shape per meaning. */
function combine(kind: 'and' | 'or', children: readonly QueryNode[]): QueryNode {
  const flat = children.flatMap((child) => (child.kind === kind ? child.children : [child]));
  const only = flat[0];
  return flat.length === 1 && only !== undefined ? only : { kind, children: flat };
}

/** unicode61 indexes letters and digits only (plus private-use); a term without any could never match. */
const SEARCHABLE = /[\p{L}\p{N}\p{Co}]/u;

function textTerm(
  field: TextField | null,
  text: string,
  phrase: boolean,
  prefix: boolean,
  pos: number,
): QueryNode {
  if (!SEARCHABLE.test(text)) {
    const shown = phrase ? `"${text}"` : `"${text}${prefix ? '*' : ''}"`;
    throw queryError(
      text.trim() === ''
        ? `Empty ${phrase ? 'phrase' : 'term'} at position ${pos}: there is nothing to search for.`
        : `The term ${shown} at position ${pos} has no letters or digits to search for.`,
    );
  }
  return { kind: 'term', field, text, phrase, prefix };
}

/** subject:(a OR "b c") applies the field to every term in the group. */
function applyField(node: QueryNode, field: TextField, pos: number): QueryNode {
  switch (node.kind) {
    case 'term':
      if (node.field !== null && node.field !== field) {
        throw queryError(`${node.field}: cannot be used inside ${field}:( ... ) at position ${pos}.`);
      }
      return { ...node, field };
    case 'and':
    case 'or':
      return { kind: node.kind, children: node.children.map((child) => applyField(child, field, pos)) };
    case 'not':
      return { kind: 'not', child: applyField(node.child, field, pos) };
    default:
      throw queryError(`${field}:( ... ) at position ${pos} may only contain words and phrases.`);
  }
}

function fieldNode(name: string, value: string, pos: number): QueryNode {
  switch (name) {
    case 'folder':
      if (value === '') throw queryError(`folder: at position ${pos} needs a folder path.`);
      return { kind: 'folder', path: normalizeInbox(value) };
    case 'label':
      if (value.replace(/^\\/, '') === '') throw queryError(`label: at position ${pos} needs a label name.`);
      return { kind: 'label', key: labelKey(value) };
    case 'account':
      if (value === '') throw queryError(`account: at position ${pos} needs an account name.`);
      return { kind: 'account', name: value };
    case 'has':
      if (/^attachments?$/i.test(value)) return { kind: 'hasAttachment' };
      throw queryError(`Unknown has:${value} at position ${pos} (known: has:attachment).`);
    case 'before':
    case 'after':
      return { kind: 'date', op: name, ms: parseDateStart(value, name, pos) };
    case 'larger':
    case 'smaller':
      return { kind: 'size', op: name, bytes: parseSize(value, name, pos) };
    default:
      // KNOWN_FIELDS and this switch list the same names; the lexer has already rejected the rest.
      throw queryError(`Unknown field "${name}:" at position ${pos}.`);
  }
}

/**
 * IMAP makes the name INBOX case-insensitive (RFC 3501 5.1) and servers report it as "INBOX", so
 * folder:inbox and folder:Inbox/Receipts should find it. Every other name is case-sensitive.
 */
function normalizeInbox(path: string): string {
  return /^inbox(?=$|[/.])/i.test(path) ? 'INBOX' + path.slice(5) : path;
}

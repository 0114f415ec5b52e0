/**
 * Tokenizer for the search language. Positions are 1-based character columns so error messages can
 * point at what the user typed.
 */
import { MailtroveError } from '../errors.ts';
import { KNOWN_FIELDS } from './query-tree.ts';

export type Token =
  | { readonly type: 'lparen' | 'rparen' | 'or' | 'and' | 'not'; readonly pos: number }
  /** `name:` directly followed by its value (the next token: a word, phrase or '('). */
  | { readonly type: 'field'; readonly pos: number; readonly name: string }
  | {
      readonly type: 'word' | 'phrase';
      readonly pos: number;
      readonly text: string;
      readonly prefix: boolean;
    };

/** Characters that end a bare word: they start a token of their own. */
function isBreak(ch: string): boolean {
  return ch === '(' || ch === ')' || ch === '"' || /\s/.test(ch);
}

/** `name:rest` where name is letters only; anything else with a colon (10:30, a@b:c) is a plain word. */
const FIELD_PREFIX = /^([A-Za-z]+):/;

/** A search that cannot run as written: the CLI exits 2, the window shows it as a problem with the query. */
export function queryError(message: string, hint?: string): MailtroveError {
  return new MailtroveError('query', message, hint === undefined ? {} : { hint });
}

export function tokenize(query: string): Token[] {
  // Typographic quotes (from autocorrecting keyboards) mean the same as '"'; one character each, so
  // positions stay right.
  const input = query.replace(/[\u201C\u201D\u201E]/g, '"');
  const tokens: Token[] = [];
  let i = 0;
  // Only at the start of a token is '-' negation; inside a word (e-mail) it is part of the word.
  while (i < input.length) {
    const ch = input.charAt(i);
    const pos = i + 1;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ type: ch === '(' ? 'lparen' : 'rparen', pos });
      i++;
    } else if (ch === '-') {
      const next = input.charAt(i + 1);
      if (next === '' || /\s/.test(next) || next === ')') {
        throw queryError(
          `'-' at position ${pos} must be followed directly by what to exclude, e.g. -spam or -from:alice.`,
        );
      }
      tokens.push({ type: 'not', pos });
      i++;
    } else if (ch === '"') {
      i = readPhrase(input, i, tokens);
    } else {
      i = readWord(input, i, tokens);
    }
  }
  return tokens;
}

/** Reads `"..."` (optionally followed by `*`) starting at the quote; returns the index after it. */
function readPhrase(input: string, start: number, tokens: Token[]): number {
  const close = input.indexOf('"', start + 1);
  if (close === -1) {
    throw queryError(`Unterminated quote: the '"' at position ${start + 1} has no closing '"'.`);
  }
  const prefix = input.charAt(close + 1) === '*';
  tokens.push({ type: 'phrase', pos: start + 1, text: input.slice(start + 1, close), prefix });
  return close + (prefix ? 2 : 1);
}

/** Reads a bare word, OR/AND keyword or `field:value` starting at `start`; returns the index after it. */
function readWord(input: string, start: number, tokens: Token[]): number {
  let end = start;
  while (end < input.length && !isBreak(input.charAt(end))) end++;
  const raw = input.slice(start, end);
  const pos = start + 1;

  // Uppercase only, as in Gmail and notmuch: a lowercase "or" is just a word to search for.
  if (raw === 'OR' || raw === 'AND') {
    tokens.push({ type: raw === 'OR' ? 'or' : 'and', pos });
    return end;
  }

  const field = FIELD_PREFIX.exec(raw);
  if (field?.[1] === undefined) {
    tokens.push(wordToken(raw, pos));
    return end;
  }
  const name = field[1].toLowerCase();
  if (!KNOWN_FIELDS.includes(name)) {
    throw queryError(
      `Unknown field "${field[1]}:" at position ${pos} (known: ${KNOWN_FIELDS.join(', ')}). ` +
        `To search for the text itself, put it in quotes: "${raw}".`,
    );
  }
  tokens.push({ type: 'field', pos, name });
  const value = raw.slice(field[0].length);
  if (value !== '') {
    tokens.push(wordToken(value, pos + field[0].length));
    return end;
  }
  // An empty value is fine only when a quoted phrase or a group follows without a space: subject:"a b".
  const next = input.charAt(end);
  if (next !== '"' && next !== '(') {
    throw queryError(
      `${name}: at position ${pos} needs a value right after the colon, e.g. ${name}:word or ${name}:"some words".`,
    );
  }
  return end;
}

function wordToken(raw: string, pos: number): Token {
  // Several trailing stars mean the same as one; FTS5 only knows a prefix on the last token.
  const stripped = raw.replace(/\*+$/, '');
  return { type: 'word', pos, text: stripped, prefix: stripped.length !== raw.length };
}

import { describe, expect, it } from 'vitest';
import { MailtroveError } from '../../src-main/engine/errors.ts';
import { parseQuery } from '../../src-main/engine/search/query-parser.ts';
import type { QueryNode, TermNode, TextField } from '../../src-main/engine/search/query-tree.ts';

function word(text: string, field: TextField | null = null): TermNode {
  return { kind: 'term', field, text, phrase: false, prefix: false };
}
function phrase(text: string, field: TextField | null = null): TermNode {
  return { kind: 'term', field, text, phrase: true, prefix: false };
}
function prefix(text: string, field: TextField | null = null): TermNode {
  return { kind: 'term', field, text, phrase: false, prefix: true };
}
const and = (...children: QueryNode[]): QueryNode => ({ kind: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ kind: 'or', children });
const not = (child: QueryNode): QueryNode => ({ kind: 'not', child });

describe('parseQuery: text terms', () => {
  it.each<[string, QueryNode]>([
    ['invoice', word('invoice')],
    ['  invoice  ', word('invoice')],
    ['invoice march', and(word('invoice'), word('march'))],
    ['"quarterly report"', phrase('quarterly report')],
    ['budget "quarterly report"', and(word('budget'), phrase('quarterly report'))],
    ['“smart quotes”', phrase('smart quotes')],
    ['"a b"*', { kind: 'term', field: null, text: 'a b', phrase: true, prefix: true }],
    ['repo*', prefix('repo')],
    ['repo**', prefix('repo')],
    ['e-mail', word('e-mail')],
    ['10:30', word('10:30')],
    ['bob@example.com', word('bob@example.com')],
    ['Café', word('Café')],
    ['会議', word('会議')],
    ['or and', and(word('or'), word('and'))],
  ])('%s', (query, expected) => {
    expect(parseQuery(query)).toEqual(expected);
  });
});

describe('parseQuery: operators', () => {
  it.each<[string, QueryNode]>([
    ['a OR b', or(word('a'), word('b'))],
    ['a OR b OR c', or(word('a'), word('b'), word('c'))],
    // AND binds tighter than OR, as in notmuch, SQL and FTS5.
    ['a b OR c', or(and(word('a'), word('b')), word('c'))],
    ['a OR b c', or(word('a'), and(word('b'), word('c')))],
    ['a AND b', and(word('a'), word('b'))],
    ['a (b OR c)', and(word('a'), or(word('b'), word('c')))],
    ['(a b) c', and(word('a'), word('b'), word('c'))],
    ['((a))', word('a')],
    ['(a OR b) OR c', or(word('a'), word('b'), word('c'))],
    ['-spam', not(word('spam'))],
    ['--spam', word('spam')],
    ['-"big sale"', not(phrase('big sale'))],
    ['-from:bob', not(word('bob', 'from'))],
    ['-(a OR b)', not(or(word('a'), word('b')))],
    ['a -b*', and(word('a'), not(prefix('b')))],
    ['a-b', word('a-b')],
    ['(a)-(b)', and(word('a'), not(word('b')))],
  ])('%s', (query, expected) => {
    expect(parseQuery(query)).toEqual(expected);
  });
});

describe('parseQuery: fields', () => {
  it.each<[string, QueryNode]>([
    ['from:alice', word('alice', 'from')],
    ['FROM:alice', word('alice', 'from')],
    ['to:bob', word('bob', 'to')],
    ['cc:carol', word('carol', 'cc')],
    ['subject:"weekly sync"', phrase('weekly sync', 'subject')],
    ['body:kubern*', prefix('kubern', 'body')],
    ['filename:report.pdf', word('report.pdf', 'filename')],
    ['subject:re:hello', word('re:hello', 'subject')],
    ['subject:(a OR "b c")', or(word('a', 'subject'), phrase('b c', 'subject'))],
    ['subject:(a -b)', and(word('a', 'subject'), not(word('b', 'subject')))],
    ['folder:Archive', { kind: 'folder', path: 'Archive' }],
    ['folder:"Old Mail/2019"', { kind: 'folder', path: 'Old Mail/2019' }],
    ['folder:inbox', { kind: 'folder', path: 'INBOX' }],
    ['folder:Inbox/Receipts', { kind: 'folder', path: 'INBOX/Receipts' }],
    ['folder:Inboxes', { kind: 'folder', path: 'Inboxes' }],
    ['account:Work', { kind: 'account', name: 'Work' }],
    ['account:"My Work"', { kind: 'account', name: 'My Work' }],
    ['has:attachment', { kind: 'hasAttachment' }],
    ['has:Attachments', { kind: 'hasAttachment' }],
    ['after:2024', { kind: 'date', op: 'after', ms: Date.UTC(2024, 0, 1) }],
    ['before:2024-06', { kind: 'date', op: 'before', ms: Date.UTC(2024, 5, 1) }],
    ['after:2024-02-29', { kind: 'date', op: 'after', ms: Date.UTC(2024, 1, 29) }],
    ['after:2004/04/16', { kind: 'date', op: 'after', ms: Date.UTC(2004, 3, 16) }],
    ['before:0099-01-01', { kind: 'date', op: 'before', ms: Date.parse('0099-01-01T00:00:00Z') }],
    ['larger:500', { kind: 'size', op: 'larger', bytes: 500 }],
    ['larger:10k', { kind: 'size', op: 'larger', bytes: 10240 }],
    ['larger:10KB', { kind: 'size', op: 'larger', bytes: 10240 }],
    ['smaller:2M', { kind: 'size', op: 'smaller', bytes: 2 * 1024 * 1024 }],
    ['smaller:1g', { kind: 'size', op: 'smaller', bytes: 1024 ** 3 }],
    ['larger:0.1k', { kind: 'size', op: 'larger', bytes: 102 }],
    ['smaller:0.1k', { kind: 'size', op: 'smaller', bytes: 103 }],
    [
      'from:alice has:attachment -folder:Spam',
      and(word('alice', 'from'), { kind: 'hasAttachment' }, not({ kind: 'folder', path: 'Spam' })),
    ],
  ])('%s', (query, expected) => {
    expect(parseQuery(query)).toEqual(expected);
  });
});

describe('parseQuery: errors', () => {
  it.each<[string, RegExp]>([
    ['', /^Empty search/],
    ['   ', /^Empty search/],
    ['(a', /^Missing '\)' to close the '\(' at position 1\./],
    ['a (b (c)', /^Missing '\)' to close the '\(' at position 3\./],
    ['a)', /^Unmatched '\)' at position 2\./],
    [')', /^Unmatched '\)' at position 1\./],
    ['()', /^Empty parentheses at position 1\./],
    ['"abc', /^Unterminated quote: the '"' at position 1 has no closing '"'\./],
    ['a "b" "c', /position 7/],
    ['OR a', /^OR at position 1 needs a search term before it\./],
    ['a OR', /^OR at position 3 needs a search term after it\./],
    ['a OR OR b', /^OR at position 3 needs a search term after it\./],
    ['(a OR) b', /^OR at position 4 needs a search term after it\./],
    ['AND a', /^AND at position 1 needs a search term before it\./],
    ['a AND', /^AND at position 3 needs a search term after it\./],
    ['a -', /^'-' at position 3 must be followed directly/],
    ['a - b', /^'-' at position 3 must be followed directly/],
    ['-OR a', /^'-' at position 1 must be followed directly/],
    ['foo:bar', /^Unknown field "foo:" at position 1 \(known: from, to, cc, subject, .*smaller\)/],
    [
      'x http://example.com',
      /^Unknown field "http:" at position 3.*put it in quotes: "http:\/\/example.com"/,
    ],
    ['from:', /^from: at position 1 needs a value right after the colon/],
    ['from: bob', /^from: at position 1 needs a value/],
    ['subject:""', /^Empty phrase at position 1/],
    ['""', /^Empty phrase at position 1/],
    ['*', /^Empty term at position 1/],
    ['!!!', /^The term "!!!" at position 1 has no letters or digits/],
    ['has:flowers', /^Unknown has:flowers at position 1 \(known: has:attachment\)/],
    ['folder:Arch*', /^folder: at position 1 takes an exact value/],
    ['folder:(a OR b)', /^folder: at position 1 takes a single value/],
    ['subject:(a has:attachment)', /may only contain words and phrases/],
    ['subject:(from:bob)', /^from: cannot be used inside subject:/],
    [
      'after:2024-13',
      /^Invalid date "2024-13" for after: at position 1: expected YYYY, YYYY-MM or YYYY-MM-DD/,
    ],
    ['before:2023-02-29', /^Invalid date "2023-02-29" for before:/],
    ['a before:yesterday', /^Invalid date "yesterday" for before: at position 3/],
    ['after:24', /^Invalid date "24"/],
    ['larger:big', /^Invalid size "big" for larger: at position 1: expected a number of bytes/],
    ['smaller:10x', /^Invalid size "10x" for smaller:/],
    ['larger:-5', /^Invalid size "-5"/],
  ])('%s', (query, message) => {
    let caught: unknown;
    try {
      parseQuery(query);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MailtroveError);
    expect((caught as MailtroveError).kind).toBe('query');
    expect((caught as MailtroveError).message).toMatch(message);
  });
});

import { describe, expect, it } from 'vitest';
import { containsCjk, segmentCjk, unsegmentCjk } from '../../src-main/engine/text/cjk.ts';
import { compileQuery, quoteFts, type CompiledQuery } from '../../src-main/engine/search/compile.ts';
import { parseQuery } from '../../src-main/engine/search/query-parser.ts';

const compile = (query: string): CompiledQuery => compileQuery(parseQuery(query));
const IN = 'm.id IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ?)';
const NOT_IN = 'm.id NOT IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ?)';
const FOLDER =
  'EXISTS (SELECT 1 FROM memberships ms JOIN folders f ON f.id = ms.folder_id WHERE ms.message_id = m.id ' +
  'AND (f.path = ? OR substr(f.path, 1, length(?) + 1) = ? || f.delimiter))';
const ACCOUNT =
  'EXISTS (SELECT 1 FROM memberships ms JOIN folders f ON f.id = ms.folder_id JOIN accounts a ON ' +
  'a.id = f.account_id WHERE ms.message_id = m.id AND a.name = ? COLLATE NOCASE)';
const ZW = '\u200B';

describe('segmentCjk / unsegmentCjk', () => {
  it('leaves text without CJK untouched', () => {
    for (const text of ['Hello, world', 'Café Müller — Grüße', 'e\u0301', '']) {
      expect(segmentCjk(text)).toBe(text);
    }
  });

  it('makes every CJK character its own token', () => {
    expect(segmentCjk('定例会議は明日')).toBe(['定', '例', '会', '議', 'は', '明', '日'].join(ZW));
    expect(segmentCjk('会議はMeeting 10時')).toBe(`会${ZW}議${ZW}は${ZW}Meeting 10${ZW}時`);
    expect(segmentCjk('コーヒー')).toBe(['コ', 'ー', 'ヒ', 'ー'].join(ZW));
    expect(segmentCjk('ｶﾀｶﾅ')).toBe(['ｶ', 'ﾀ', 'ｶ', 'ﾅ'].join(ZW));
    expect(segmentCjk('회의는 내일')).toBe(`회${ZW}의${ZW}는 내${ZW}일`);
    expect(segmentCjk('𠮷野家')).toBe(['𠮷', '野', '家'].join(ZW));
  });

  it('does not add separators next to whitespace or existing separators (idempotent)', () => {
    const once = segmentCjk('会議 です。');
    expect(once).toBe(`会${ZW}議 で${ZW}す${ZW}。`);
    expect(segmentCjk(once)).toBe(once);
  });

  it('composes decomposed Hangul so it segments like what users type', () => {
    expect(segmentCjk('한국'.normalize('NFD'))).toBe(`한${ZW}국`);
  });

  it('segments exactly as the lookbehind regex it replaced, so existing indexes still match', () => {
    // The former implementation, kept as the reference: what is indexed must not change.
    const cjk = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC\uFF70`;
    const boundary = new RegExp(`(?<=[${cjk}])(?=[^\\s${ZW}])|(?<=[^\\s${ZW}])(?=[${cjk}])`, 'gu');
    const reference = (text: string): string =>
      new RegExp(`[${cjk}]`, 'u').test(text) ? text.normalize('NFC').replace(boundary, ZW) : text;
    // CJK of every kind (astral Han too), its neighbours: spaces incl. U+3000, the separator, Latin,
    // punctuation, an astral emoji, a combining mark, decomposed Hangul, lone surrogate halves.
    const pieces = [
      '会',
      'は',
      'カ',
      'ｶ',
      'ー',
      '한',
      '𠮷',
      ' ',
      '\u3000',
      '\n',
      ZW,
      'a',
      'Z9',
      '。',
      '-',
      '😀',
    ];
    pieces.push('\u3099', '\u1112\u1161\u11ab', '\ud800', '\udc00', 'é', '\u00a0');
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 5000; i += 1) {
      const text = Array.from({ length: next(24) }, () => pieces[next(pieces.length)]).join('');
      expect(segmentCjk(text), JSON.stringify(text)).toBe(reference(text));
    }
  });

  it('unsegmentCjk restores the original text', () => {
    for (const text of ['定例会議は明日', '회의는 내일', '会議はMeeting', 'plain']) {
      expect(unsegmentCjk(segmentCjk(text))).toBe(text);
    }
    expect(unsegmentCjk(`[会]${ZW}[議]`)).toBe('[会][議]');
    expect(containsCjk('abc')).toBe(false);
    expect(containsCjk('abc会')).toBe(true);
  });
});

describe('quoteFts', () => {
  it('quotes and doubles inner quotes so user text is never FTS5 syntax', () => {
    expect(quoteFts('a"b')).toBe('"a""b"');
    expect(quoteFts('NEAR(x) OR y*')).toBe('"NEAR(x) OR y*"');
    expect(quoteFts('会議')).toBe(`"会${ZW}議"`);
  });
});

describe('compileQuery: ranked text', () => {
  it.each<[string, string]>([
    ['invoice', '"invoice"'],
    ['invoice march', '"invoice" AND "march"'],
    ['"quarterly report"', '"quarterly report"'],
    ['repo*', '"repo"*'],
    ['a OR b', '"a" OR "b"'],
    ['a b OR c', '("a" AND "b") OR "c"'],
    ['x (a OR b)', '"x" AND ("a" OR "b")'],
    ['from:alice', 'sender : "alice"'],
    ['to:bob cc:carol', 'to_addrs : "bob" AND cc_addrs : "carol"'],
    ['subject:"weekly sync" body:kub*', 'subject : "weekly sync" AND body : "kub"*'],
    ['filename:report.pdf', 'filenames : "report.pdf"'],
    ['subject:(a OR b)', 'subject : "a" OR subject : "b"'],
    ['say "hi ""there"', '"say" AND "hi " AND "there"'],
    ['会議', `"会${ZW}議"`],
    // An AND group with a negation is still one FTS5 expression when it has a positive term.
    ['x OR (a -b)', '"x" OR ("a" NOT "b")'],
    ['x OR (a -b -c)', '"x" OR ("a" NOT ("b" OR "c"))'],
  ])('%s', (query, match) => {
    expect(compile(query)).toEqual({ match, where: '1', params: [] });
  });
});

describe('compileQuery: filters', () => {
  it('negations of words join the ranked match as FTS5 NOT, so the index answers alone', () => {
    expect(compile('invoice -spam')).toEqual({ match: '"invoice" NOT "spam"', where: '1', params: [] });
    expect(compile('invoice report -spam -from:bob')).toEqual({
      match: '("invoice" AND "report") NOT ("spam" OR sender : "bob")',
      where: '1',
      params: [],
    });
    // A negated predicate is not text: it stays a filter.
    expect(compile('invoice -has:attachment')).toEqual({
      match: '"invoice"',
      where: 'NOT (m.has_attachments = 1)',
      params: [],
    });
  });

  it('a query of only negations has no match', () => {
    expect(compile('-spam')).toEqual({ match: null, where: NOT_IN, params: ['"spam"'] });
    expect(compile('-spam -from:bob')).toEqual({
      match: null,
      where: `${NOT_IN} AND ${NOT_IN}`,
      params: ['"spam"', 'sender : "bob"'],
    });
    expect(compile('-(a b)')).toEqual({ match: null, where: NOT_IN, params: ['"a" AND "b"'] });
    expect(compile('-has:attachment')).toEqual({
      match: null,
      where: 'NOT (m.has_attachments = 1)',
      params: [],
    });
  });

  it('predicates', () => {
    expect(compile('folder:Archive')).toEqual({
      match: null,
      where: FOLDER,
      params: ['Archive', 'Archive', 'Archive'],
    });
    expect(compile('account:Work')).toEqual({ match: null, where: ACCOUNT, params: ['Work'] });
    expect(compile('has:attachment')).toEqual({ match: null, where: 'm.has_attachments = 1', params: [] });
    expect(compile('after:2024 before:2024-06')).toEqual({
      match: null,
      where: 'm.date >= ? AND m.date < ?',
      params: [Date.UTC(2024, 0, 1), Date.UTC(2024, 5, 1)],
    });
    expect(compile('larger:10k smaller:1M')).toEqual({
      match: null,
      where: 'm.size > ? AND m.size < ?',
      params: [10240, 1048576],
    });
  });

  it('text and predicates together: text ranked, predicates filtered, params in placeholder order', () => {
    expect(compile('from:alice invoice has:attachment larger:1k')).toEqual({
      match: 'sender : "alice" AND "invoice"',
      where: 'm.has_attachments = 1 AND m.size > ?',
      params: [1024],
    });
  });

  it('an OR mixing text and predicates becomes SQL, its text parts merged into one subquery', () => {
    expect(compile('a OR b OR has:attachment')).toEqual({
      match: null,
      where: `(${IN} OR m.has_attachments = 1)`,
      params: ['"a" OR "b"'],
    });
    expect(compile('x (from:bob OR folder:Work)')).toEqual({
      match: '"x"',
      where: `(${IN} OR ${FOLDER})`,
      params: ['sender : "bob"', 'Work', 'Work', 'Work'],
    });
  });

  it('nested groups compile recursively', () => {
    expect(compile('(a has:attachment) OR (b -c after:2024)')).toEqual({
      match: null,
      where: `((${IN} AND m.has_attachments = 1) OR (${IN} AND ${NOT_IN} AND m.date >= ?))`,
      params: ['"a"', '"b"', '"c"', Date.UTC(2024, 0, 1)],
    });
    expect(compile('-(folder:Spam OR from:noreply)')).toEqual({
      match: null,
      where: `NOT ((${IN} OR ${FOLDER}))`,
      params: ['sender : "noreply"', 'Spam', 'Spam', 'Spam'],
    });
  });

  it('never puts user text into the SQL', () => {
    const nasty = `"x'); DROP TABLE messages; --" folder:"a' OR 1=1 --" account:"'"`;
    const compiled = compile(nasty);
    expect(compiled.where).not.toContain('DROP');
    expect(compiled.where).not.toContain("'");
    expect(compiled.params).toContain("a' OR 1=1 --");
  });
});

import { describe, expect, it } from 'vitest';
import { senderName } from '../../src-renderer/src/lib/people.ts';
import { queryWords } from '../../src-renderer/src/features/search/query-words.ts';
import { findWords, splitMarked } from '../../src-renderer/src/features/viewer/highlight.ts';
import { attachmentType } from '../../src-renderer/src/features/viewer/attachment-type.ts';

describe('senderName', () => {
  it('shows the name before the address, else the address', () => {
    expect(senderName('Ada Lovelace <ada@example.org>')).toBe('Ada Lovelace');
    expect(senderName('"Lovelace, Ada" <ada@example.org>, bob@example.org')).toBe('Lovelace, Ada');
    expect(senderName('ada@example.org, bob@example.org')).toBe('ada@example.org');
    expect(senderName('<ada@example.org>')).toBe('ada@example.org');
    expect(senderName(null)).toBe('(unknown sender)');
  });
});

describe('queryWords', () => {
  it('keeps words, phrases and text fields, and drops negations, OR and filters', () => {
    expect(
      queryWords('invoice "due date" -spam OR from:alice has:attachment after:2024-01-01 budg*'),
    ).toEqual(['invoice', 'due date', 'alice', 'budg']);
  });
});

describe('findWords and splitMarked', () => {
  it('match case and accents aside, and keep the text as written', () => {
    const text = 'The Zéphyrline figures; zephyrline again.';
    expect(findWords(text, ['zephyrline']).map(([a, b]) => text.slice(a, b))).toEqual([
      'Zéphyrline',
      'zephyrline',
    ]);
    expect(splitMarked('a Straße b', ['strasse']).filter((p) => p.marked)).toEqual([]);
    expect(splitMarked('no match', ['x'])).toEqual([{ text: 'no match', marked: false }]);
  });

  it('marks decomposed accents as one piece of the original text', () => {
    const text = 'cafe\u0301 time';
    expect(splitMarked(text, ['cafe']).find((p) => p.marked)?.text).toBe('cafe\u0301');
  });
});

describe('attachmentType', () => {
  it('trusts a real content type and reads the file name when the type says nothing', () => {
    expect(attachmentType('application/octet-stream', 'report.pdf')).toBe('application/pdf');
    expect(attachmentType('application/octet-stream', 'scan.PNG')).toBe('image/png');
    expect(attachmentType('text/csv', 'data.pdf')).toBe('text/csv');
    expect(attachmentType('application/octet-stream', 'blob')).toBe('application/octet-stream');
  });
});

/** visibleText: what the CLI and the window show of text from mail and servers. */
import { describe, expect, it } from 'vitest';
import { visibleText } from '../../src-shared/visible-text.ts';

describe('visibleText', () => {
  it('shows an OSC title sequence and its BEL as markers, so a terminal cannot obey them', () => {
    expect(visibleText('Evil\u001b]0;pwned\u0007 folder')).toBe('Evil⟨U+001B⟩]0;pwned⟨U+0007⟩ folder');
    expect(visibleText('\u001b[2J\u001b[31mred')).toBe('⟨U+001B⟩[2J⟨U+001B⟩[31mred');
  });

  it('shows every C0 control but tab, and DEL', () => {
    expect(visibleText('a\u0000b')).toBe('a⟨U+0000⟩b');
    expect(visibleText('over\rwrite')).toBe('over⟨U+000D⟩write');
    expect(visibleText('back\bspace\u001f\u007f')).toBe('back⟨U+0008⟩space⟨U+001F⟩⟨U+007F⟩');
    expect(visibleText('folded\tsubject')).toBe('folded\tsubject');
  });

  it('shows line feeds in a single field, keeps them in a multi-line block', () => {
    expect(visibleText('Subject\nFake line')).toBe('Subject⟨U+000A⟩Fake line');
    expect(visibleText('line 1\nline 2\u001b', { multiline: true })).toBe('line 1\nline 2⟨U+001B⟩');
    expect(visibleText('a\r\nb', { multiline: true })).toBe('a⟨U+000D⟩\nb');
  });

  it('shows C1 controls (8-bit CSI and OSC, NEL)', () => {
    expect(visibleText('\u009b31m\u009d0;x\u0085')).toBe('⟨U+009B⟩31m⟨U+009D⟩0;x⟨U+0085⟩');
    expect(visibleText('\u0080\u009f')).toBe('⟨U+0080⟩⟨U+009F⟩');
  });

  it('shows bidi embeddings, overrides and isolates, so "gnp.exe" after U+202E cannot pass for "exe.png"', () => {
    expect(visibleText('\u202egnp.exe')).toBe('⟨U+202E⟩gnp.exe');
    expect(visibleText('\u202a\u202b\u202c\u202d')).toBe('⟨U+202A⟩⟨U+202B⟩⟨U+202C⟩⟨U+202D⟩');
    expect(visibleText('\u2066a\u2067b\u2068c\u2069')).toBe('⟨U+2066⟩a⟨U+2067⟩b⟨U+2068⟩c⟨U+2069⟩');
  });

  it('shows the line and paragraph separators', () => {
    expect(visibleText('a\u2028b\u2029c')).toBe('a⟨U+2028⟩b⟨U+2029⟩c');
  });

  it('leaves right-to-left scripts and their direction marks untouched', () => {
    const hebrew = 'שלום עולם\u200F: פגישה מחר';
    const arabic = 'مرحبا بالعالم\u061C 2024 \u200Eرسالة';
    const persian = 'می\u200Cخواهم';
    expect(visibleText(hebrew)).toBe(hebrew);
    expect(visibleText(arabic)).toBe(arabic);
    expect(visibleText(persian)).toBe(persian);
  });

  it('leaves ordinary text of every kind untouched', () => {
    const texts = [
      'Quarterly report (final) — 50% done, see C:\\Users\\a\\x1b.txt',
      'Grüße aus Köln, café',
      '定例会議のお知らせ 日本語',
      'Family 👨\u200D👩\u200D👧 and flags 🇩🇪, skin 👍🏽',
      'non\u00A0breaking and soft\u00ADhyphen',
      '',
    ];
    for (const text of texts) expect(visibleText(text)).toBe(text);
  });

  it('is idempotent: escaping twice shows the same thing', () => {
    const hostile = 'x\u001b]0;t\u0007\u202e\u0000\n';
    expect(visibleText(visibleText(hostile))).toBe(visibleText(hostile));
  });
});

/** The window's pure logic: provider presets, date ranges, snippet highlights and import options. */
import { describe, expect, it } from 'vitest';
import { detectProvider, addressDomain } from '../../src-renderer/src/features/accounts/providers.ts';
import {
  daysBefore,
  isValidDay,
  matchingPreset,
  presetRange,
  rangeProblem,
} from '../../src-renderer/src/features/import/dates.ts';
import { importOptions, lastYearOptions } from '../../src-renderer/src/features/import/options.ts';
import { snippetSegments } from '../../src-renderer/src/features/search/snippet.ts';
import { safeFilename } from '../../src-renderer/src/features/viewer/safe-filename.ts';
import { formatBytes, formatDuration } from '../../src-renderer/src/lib/format.ts';

describe('detectProvider', () => {
  it.each([
    ['someone@gmail.com', 'gmail', 'imap.gmail.com'],
    ['Someone@GoogleMail.com', 'gmail', 'imap.gmail.com'],
    ['a@outlook.com', 'outlook', 'outlook.office365.com'],
    ['a@hotmail.com', 'outlook', 'outlook.office365.com'],
    ['a@fastmail.com', 'fastmail', 'imap.fastmail.com'],
    ['a@eu.fastmail.com', 'fastmail', 'imap.fastmail.com'],
    ['a@icloud.com', 'icloud', 'imap.mail.me.com'],
    ['a@me.com', 'icloud', 'imap.mail.me.com'],
    ['a@yahoo.com', 'yahoo', 'imap.mail.yahoo.com'],
    ['a@example.org', 'custom', 'imap.example.org'],
    ['  a@Example.ORG ', 'custom', 'imap.example.org'],
  ])('%s → %s (%s)', (address, id, host) => {
    const detected = detectProvider(address);
    expect(detected.provider.id).toBe(id);
    expect(detected.host).toBe(host);
  });

  it('does not take a look-alike domain for a provider', () => {
    expect(detectProvider('a@notgmail.com').provider.id).toBe('custom');
    expect(detectProvider('a@gmail.com.evil.example').provider.id).toBe('custom');
  });

  it('waits for a domain before guessing', () => {
    expect(addressDomain('someone')).toBeNull();
    expect(addressDomain('someone@')).toBeNull();
    expect(addressDomain('@gmail.com')).toBeNull();
    expect(detectProvider('someone@').host).toBe('');
  });

  it('gives every preset TLS on 993 and an app-password hint', () => {
    for (const address of ['a@gmail.com', 'a@outlook.com', 'a@fastmail.com', 'a@icloud.com', 'a@yahoo.com']) {
      const { provider } = detectProvider(address);
      expect([provider.port, provider.security]).toEqual([993, 'tls']);
      expect(provider.passwordHint).toMatch(/app/i);
    }
  });
});

describe('date presets', () => {
  const today = new Date(2025, 2, 30, 0, 30); // 30 March 2025, just after midnight, local time

  it('counts back calendar days from the local day', () => {
    expect(presetRange('week', today)).toEqual({ since: '2025-03-23', before: null });
    expect(presetRange('month', today)).toEqual({ since: '2025-02-28', before: null });
    expect(presetRange('year', today)).toEqual({ since: '2024-03-30', before: null });
    expect(presetRange('all', today)).toEqual({ since: null, before: null });
  });

  it('crosses month and year ends', () => {
    expect(daysBefore(new Date(2025, 0, 3), 7)).toBe('2024-12-27');
    expect(daysBefore(new Date(2024, 2, 1), 1)).toBe('2024-02-29');
  });

  it('recognises the preset a range came from', () => {
    expect(matchingPreset(presetRange('month', today), today)).toBe('month');
    expect(matchingPreset({ since: null, before: null }, today)).toBe('all');
    expect(matchingPreset({ since: '2020-01-01', before: null }, today)).toBeNull();
  });

  it('checks the days and their order (since inclusive, before exclusive)', () => {
    expect(isValidDay('2024-02-29')).toBe(true);
    expect(isValidDay('2023-02-29')).toBe(false);
    expect(isValidDay('2024-13-01')).toBe(false);
    expect(isValidDay('24-01-01')).toBe(false);
    expect(rangeProblem({ since: '2024-01-01', before: '2024-01-02' })).toBeNull();
    expect(rangeProblem({ since: '2024-01-02', before: '2024-01-02' })).toMatch(/after/);
    expect(rangeProblem({ since: '2024-02-30', before: null })).toMatch(/since/);
    expect(rangeProblem({ since: null, before: null })).toBeNull();
  });
});

describe('snippetSegments', () => {
  it('splits highlights out of the text', () => {
    expect(snippetSegments('the **quick** brown **fox**')).toEqual([
      { text: 'the ', highlight: false },
      { text: 'quick', highlight: true },
      { text: ' brown ', highlight: false },
      { text: 'fox', highlight: true },
    ]);
  });

  it('keeps markup in mail text as text, never as HTML', () => {
    const segments = snippetSegments('<img src=x onerror=alert(1)> **<b>hit</b>**');
    expect(segments).toEqual([
      { text: '<img src=x onerror=alert(1)> ', highlight: false },
      { text: '<b>hit</b>', highlight: true },
    ]);
  });

  it('treats a lone marker as text and merges neighbours', () => {
    expect(snippetSegments('rated **** out of 5 **')).toEqual([
      { text: 'rated  out of 5 **', highlight: false },
    ]);
    expect(snippetSegments('**a****b**')).toEqual([{ text: 'ab', highlight: true }]);
    expect(snippetSegments('')).toEqual([]);
    expect(snippetSegments('no marks')).toEqual([{ text: 'no marks', highlight: false }]);
  });
});

describe('import options', () => {
  const defaults = new Set(['INBOX', 'Sent']);

  it('asks for the default folders when the selection is the default', () => {
    const options = importOptions(
      new Set(['Sent', 'INBOX']),
      defaults,
      { since: '2024-01-01', before: null },
      true,
    );
    expect(options.folders).toBeNull();
    expect(options.dryRun).toBe(true);
  });

  it('lists the folders when the user changed the selection', () => {
    const options = importOptions(new Set(['Junk', 'INBOX']), defaults, { since: null, before: null }, false);
    expect(options.folders).toEqual(['INBOX', 'Junk']);
  });

  it('"Import last year" means default folders and the last 365 days', () => {
    const options = lastYearOptions(new Date(2025, 5, 15), false);
    expect(options).toMatchObject({
      folders: null,
      exclude: [],
      range: { since: '2024-06-15', before: null },
    });
  });
});

describe('formatting', () => {
  it('sizes and durations', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(250 * 1024 * 1024)).toBe('250 MB');
    expect(formatBytes(null)).toBe('—');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(3725)).toBe('1 h 2 min');
    expect(formatDuration(null)).toBe('—');
  });
});

describe('safeFilename', () => {
  it('saves an attachment under a name no override can disguise, keeping right-to-left names', () => {
    // U+202E before "gnp.exe" would make a file manager show the saved file as "exe.png".
    expect(safeFilename('\u202egnp.exe', 'attachment-1')).toBe('_gnp.exe');
    expect(safeFilename('a\u2066b\u2069/c\u0000.txt', 'x')).toBe('a_b__c_.txt');
    expect(safeFilename('\u009b2J\u2028.pdf', 'x')).toBe('_2J_.pdf');
    expect(safeFilename('تقرير\u200f.pdf', 'x')).toBe('تقرير\u200f.pdf');
    expect(safeFilename('..', 'attachment-2')).toBe('attachment-2');
  });
});

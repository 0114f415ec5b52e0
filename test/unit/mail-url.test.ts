import { describe, expect, it } from 'vitest';
import { classifyMailUrl, contentIdKey, isLoopbackHost } from '../../src-shared/mail-url.ts';

describe('classifyMailUrl: what a URL in a mail would load', () => {
  it.each([
    ['http://tracker.example/p.gif', 'http://tracker.example/p.gif'],
    ['HTTPS://Tracker.Example/p.gif', 'https://tracker.example/p.gif'],
    // Browsers read a missing "//" and backslashes as slashes for http(s).
    ['http:tracker.example/p.gif', 'http://tracker.example/p.gif'],
    ['http:/tracker.example/p.gif', 'http://tracker.example/p.gif'],
    ['http:\\\\tracker.example\\p.gif', 'http://tracker.example/p.gif'],
    ['https:\\/tracker.example/p.gif', 'https://tracker.example/p.gif'],
    // Scheme-relative, with slashes or backslashes.
    ['//tracker.example/p.gif', 'https://tracker.example/p.gif'],
    ['\\\\tracker.example/p.gif', 'https://tracker.example/p.gif'],
    ['/\\tracker.example/p.gif', 'https://tracker.example/p.gif'],
    // Tabs and newlines vanish anywhere, even inside the scheme; edges lose controls and spaces.
    ['ht\ttp://tracker.example/p.gif', 'http://tracker.example/p.gif'],
    ['h\nt\rtp://tracker.example/p.gif', 'http://tracker.example/p.gif'],
    [' \u0001\u001fhttp://tracker.example/p.gif\u0000 ', 'http://tracker.example/p.gif'],
    ['\t//tracker.example/p.gif', 'https://tracker.example/p.gif'],
  ])('%j is remote: %s', (raw, href) => {
    expect(classifyMailUrl(raw)).toEqual({ kind: 'remote', href });
  });

  it.each([
    'http://localhost:4000/api',
    'http://LOCALHOST./x',
    'http://app.localhost/x',
    'http://127.0.0.1:5173/',
    'http://127.1/',
    'http://2130706433/',
    'http://0x7f.0.0.1/',
    'http://0.0.0.0:8080/',
    'http://[::1]:3000/',
    'http://[::ffff:127.0.0.1]/',
    '//127.0.0.1:9999/x',
    'http:\\\\localhost\\x',
  ])('%j reaches this machine (loopback), never remote', (raw) => {
    expect(classifyMailUrl(raw).kind).toBe('loopback');
  });

  it.each([
    'logo.png',
    '/api/message',
    './x.png',
    '../x.png',
    '?token=1',
    '',
    '   ',
    // No host: against a page of the same scheme (the app) these are relative.
    'http:',
    'https:',
    'http:///',
    // NUL is not stripped inside the scheme, so this has none: a relative path.
    'h\u0000ttp://tracker.example/',
  ])('%j is relative (it would resolve against the app)', (raw) => {
    expect(classifyMailUrl(raw)).toEqual({ kind: 'relative' });
  });

  it('tells a fragment apart (a reference inside the mail)', () => {
    expect(classifyMailUrl('#grad')).toEqual({ kind: 'fragment' });
    expect(classifyMailUrl(' #grad')).toEqual({ kind: 'fragment' });
  });

  it('reads cid: as a Content-ID, percent-decoded (RFC 2392)', () => {
    expect(classifyMailUrl('cid:logo%40mail.example')).toEqual({
      kind: 'cid',
      contentId: 'logo@mail.example',
    });
    expect(classifyMailUrl(' CID:Part1.AB@x ')).toEqual({ kind: 'cid', contentId: 'part1.ab@x' });
    expect(classifyMailUrl('cid:bad%zz')).toEqual({ kind: 'cid', contentId: 'bad%zz' });
  });

  it('reads data: with its media type', () => {
    expect(classifyMailUrl('data:image/PNG;base64,iVBO')).toEqual({
      kind: 'data',
      href: 'data:image/PNG;base64,iVBO',
      mediaType: 'image/png',
    });
    expect(classifyMailUrl('data:,x')).toMatchObject({ kind: 'data', mediaType: '' });
    expect(classifyMailUrl('da\nta:image/gif,x')).toMatchObject({ kind: 'data', mediaType: 'image/gif' });
  });

  it.each([
    ['javascript:alert(1)', 'javascript'],
    ['java\tscript:alert(1)', 'javascript'],
    ['file:///etc/passwd', 'file'],
    ['blob:http://tracker.example/1', 'blob'],
    ['ftp://tracker.example/x', 'ftp'],
    ['about:blank', 'about'],
    ['mailto:a@example.org', 'mailto'],
  ])('%j is another scheme (%s)', (raw, scheme) => {
    expect(classifyMailUrl(raw)).toEqual({ kind: 'other', scheme });
  });
});

describe('contentIdKey', () => {
  it('matches a Content-ID header with the cid: URL that names it', () => {
    expect(contentIdKey('<Logo@Mail.Example>')).toBe('logo@mail.example');
    expect(contentIdKey(' < logo@mail.example > ')).toBe('logo@mail.example');
    expect(contentIdKey('logo@mail.example')).toBe('logo@mail.example');
  });
});

describe('isLoopbackHost', () => {
  it('does not take look-alikes for this machine', () => {
    expect(isLoopbackHost('localhost.example')).toBe(false);
    expect(isLoopbackHost('127.0.0.1.example')).toBe(false);
    expect(isLoopbackHost('[::2]')).toBe(false);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });
});

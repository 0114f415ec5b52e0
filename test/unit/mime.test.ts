import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDateHeader } from '../../src-main/engine/mime/date-header.ts';
import { parseMessage } from '../../src-main/engine/mime/parse.ts';
import { decodeRaw, encodeRaw } from '../../src-main/engine/mime/raw-codec.ts';
import { readEntity } from '../../src-main/engine/mime/mime-tree.ts';
import { findStructuralDefect } from '../../src-main/engine/mime/structure.ts';

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');

describe('parseMessage', () => {
  it('extracts ids, addresses, subject, date and text', () => {
    const parsed = parseMessage(
      crlf([
        'From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.org>',
        'To: a@example.org, "B, Person" <b@example.org>',
        'Cc: c@example.org',
        'Subject: =?ISO-8859-1?Q?Gr=FC=DFe?=',
        'Date: Tue, 05 Mar 2024 10:00:00 +0100',
        'Message-ID: <m1@example.org>',
        'In-Reply-To: <m0@example.org>',
        'References: <r1@example.org> <m0@example.org>',
        '',
        'Hello there.',
      ]),
    );
    expect(parsed).toMatchObject({
      messageId: 'm1@example.org',
      inReplyTo: 'm0@example.org',
      references: ['r1@example.org', 'm0@example.org'],
      subject: 'Grüße',
      from: 'Jürgen <j@example.org>',
      to: 'a@example.org, B, Person <b@example.org>',
      cc: 'c@example.org',
      dateHeader: Date.parse('2024-03-05T09:00:00Z'),
      parseError: null,
    });
    expect(parsed.bodyText).toContain('Hello there.');
  });

  it('converts HTML-only bodies to text and lists attachments', () => {
    const parsed = parseMessage(
      crlf([
        'From: a@example.org',
        'Subject: report',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<html><body><p>Quarterly <b>numbers</b></p><script>x()</script></body></html>',
        '--b1',
        'Content-Type: application/pdf',
        'Content-Disposition: attachment; filename="q3.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4 fake').toString('base64'),
        '--b1--',
        '',
      ]),
    );
    expect(parsed.bodyText).toMatch(/Quarterly\s+numbers/);
    expect(parsed.attachments).toEqual([{ filename: 'q3.pdf', contentType: 'application/pdf', size: 13 }]);
    expect(parsed.parseError).toBeNull();
  });

  it('parses bytes that own their buffer (as a parser thread gets them) like a view, and leaves them as they were', () => {
    const message = crlf([
      'From: a@example.org',
      'Subject: Report',
      'Content-Type: multipart/mixed; boundary=b',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'See the attachment.',
      '--b',
      'Content-Type: application/pdf; name=report.pdf',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.alloc(3000, 7).toString('base64'),
      '--b--',
    ]);
    const owned = new Uint8Array(message);
    const inLargerBuffer = Buffer.concat([Buffer.from('xx'), message]).subarray(2);
    const fromOwned = parseMessage(owned);
    expect(fromOwned).toEqual(parseMessage(inLargerBuffer));
    expect(fromOwned.attachments).toEqual([
      { filename: 'report.pdf', contentType: 'application/pdf', size: 3000 },
    ]);
    expect(Buffer.from(owned).equals(message)).toBe(true);
  });

  it('treats a garbage Date header as missing', () => {
    const parsed = parseMessage(crlf(['Subject: x', 'Date: the day after tomorrow', '', 'body']));
    expect(parsed.dateHeader).toBeNull();
    expect(parsed.messageId).toBeNull();
  });

  it('flags a multipart whose boundary never appears, and keeps its headers', () => {
    const parsed = parseMessage(
      crlf([
        'Subject: broken',
        'Message-ID: <b@x>',
        'Content-Type: multipart/mixed; boundary="zzz"',
        '',
        'no parts here',
        '',
      ]),
    );
    expect(parsed.parseError).toMatch(/boundary "zzz" never appears/);
    expect(parsed.subject).toBe('broken');
    expect(parsed.messageId).toBe('b@x');
  });
});

describe('parseDateHeader', () => {
  it('accepts RFC 5322 dates, obsolete forms included', () => {
    expect(parseDateHeader('Tue, 05 Mar 2024 10:00:00 +0100')).toBe(Date.parse('2024-03-05T09:00:00Z'));
    expect(parseDateHeader('2 Mar 23 10:11:12 EST')).toBe(Date.parse('2023-03-02T15:11:12Z'));
    expect(parseDateHeader('Thu, 29 Feb 2024 08:00:00 +0000')).toBe(Date.parse('2024-02-29T08:00:00Z'));
  });

  it('rejects garbage, impossible days and the epoch placeholder', () => {
    expect(parseDateHeader(undefined)).toBeNull();
    expect(parseDateHeader('not a date at all')).toBeNull();
    expect(parseDateHeader('Mon, 31 Feb 2025 10:00:00 +0000')).toBeNull();
    expect(parseDateHeader('Thu, 29 Feb 2023 08:00:00 +0000')).toBeNull();
    expect(parseDateHeader('Mon, 31 Feb 2025 25:61:99 +9900')).toBeNull();
    expect(parseDateHeader('Thu, 01 Jan 1970 00:00:00 +0000')).toBeNull();
  });
});

describe('findStructuralDefect', () => {
  const defectOf = (bytes: Buffer): string | null => findStructuralDefect(readEntity(bytes));

  it('accepts well-formed and non-multipart messages', () => {
    expect(defectOf(crlf(['Content-Type: text/plain', '', 'hi']))).toBeNull();
    expect(
      defectOf(
        crlf(['Content-Type: multipart/alternative;', ' boundary=abc', '', '--abc', '', 'x', '--abc--']),
      ),
    ).toBeNull();
  });

  it('rejects a multipart without boundary, or with a boundary only inside a line', () => {
    expect(defectOf(crlf(['Content-Type: multipart/mixed', '', 'x']))).toMatch(/without a boundary/);
    expect(defectOf(crlf(['Content-Type: multipart/mixed; boundary=q', '', 'text --q text']))).toMatch(
      /never appears/,
    );
  });
});

describe('raw codec', () => {
  it('round-trips byte-for-byte with Brotli (new rows) and DEFLATE (older rows)', () => {
    const text = crlf(Array.from({ length: 200 }, (_, i) => `Line ${i} of a very ordinary message body.`));
    for (const codec of ['brotli', 'deflate-raw'] as const) {
      const packed = encodeRaw(text, codec);
      expect(packed.codec).toBe(codec);
      expect(packed.data.byteLength).toBeLessThan(text.byteLength / 2);
      expect(decodeRaw(packed).equals(text)).toBe(true);
    }
    expect(encodeRaw(text).codec).toBe('brotli');
    expect(decodeRaw(encodeRaw(Buffer.alloc(0))).byteLength).toBe(0);
  });

  it('keeps bytes that do not shrink by a tenth plain', () => {
    const noise = crypto.randomBytes(4096);
    const kept = encodeRaw(noise);
    expect(kept.codec).toBe('none');
    expect(decodeRaw(kept).equals(noise)).toBe(true);
  });
});

describe('unparseable messages stay searchable', () => {
  it('keeps the raw body text of a multipart whose boundary never appears', () => {
    const parsed = parseMessage(
      crlf([
        'Subject: broken',
        'Content-Type: multipart/mixed; boundary="zzz"',
        '',
        'the zqplanted word',
        '',
      ]),
    );
    expect(parsed.parseError).not.toBeNull();
    expect(parsed.bodyText).toContain('zqplanted');
  });
});

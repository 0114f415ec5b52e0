import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src-main/engine/mime/charsets.ts';
import { decodeFlowed } from '../../src-main/engine/mime/entity-text.ts';
import { findHeaderBounds, readHeaderFields } from '../../src-main/engine/mime/header-fields.ts';
import { parseStructuredField } from '../../src-main/engine/mime/header-params.ts';
import { readEntity } from '../../src-main/engine/mime/mime-tree.ts';
import { readMessage } from '../../src-main/engine/mime/read-message.ts';
import {
  base64Length,
  decodedLength,
  decodeQuotedPrintable,
  decodeTransfer,
  transferEncodingOf,
} from '../../src-main/engine/mime/transfer-decoding.ts';
import { createRng } from '../support/prng.ts';

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');

describe('header fields', () => {
  it('unfolds continuation lines, keeps the first of each name and skips lines that are not fields', () => {
    const bytes = crlf(['Subject: a long', '\tsubject line', 'X-Junk', 'To: a@x', 'to: b@x', '', 'body']);
    const { headerEnd, bodyStart } = findHeaderBounds(bytes, 0, bytes.length);
    expect(bytes.subarray(bodyStart).toString()).toBe('body');
    expect(readHeaderFields(bytes, 0, headerEnd)).toEqual([
      { name: 'subject', value: 'a long\tsubject line' },
      { name: 'to', value: 'a@x' },
      { name: 'to', value: 'b@x' },
    ]);
  });

  it('finds the end of a header block with bare LF line ends, and a block with no body', () => {
    const lf = Buffer.from('A: 1\nB: 2\n\nbody\n');
    expect(lf.subarray(findHeaderBounds(lf, 0, lf.length).bodyStart).toString()).toBe('body\n');
    const headersOnly = Buffer.from('A: 1\r\nB: 2\r\n');
    expect(findHeaderBounds(headersOnly, 0, headersOnly.length).bodyStart).toBe(headersOnly.length);
  });
});

describe('structured fields (Content-Type, Content-Disposition)', () => {
  it('reads quoted values with escapes, and keeps the first of a repeated parameter', () => {
    const field = parseStructuredField(
      'Multipart/Mixed; boundary="a \\"b\\" c"; boundary=other; charset=UTF-8',
    );
    expect(field.value).toBe('multipart/mixed');
    expect(field.params.get('boundary')).toBe('a "b" c');
    expect(field.params.get('charset')).toBe('UTF-8');
  });

  it('drops comments, but not parentheses inside a file name', () => {
    expect(
      parseStructuredField('text/plain (a comment); charset=us-ascii (ascii)').params.get('charset'),
    ).toBe('us-ascii');
    expect(parseStructuredField('attachment; filename=Invoice(1).pdf').params.get('filename')).toBe(
      'Invoice(1).pdf',
    );
  });

  it('joins at most 1,000 sections of one parameter, however many a message declares', () => {
    const sections = Array.from({ length: 50_000 }, (_, i) => `; n*${i}=x`).join('');
    expect(parseStructuredField(`attachment${sections}`).params.get('n')).toBe('x'.repeat(1000));
  });

  it('joins RFC 2231 continuations and decodes their charset, split characters included', () => {
    const field = parseStructuredField(
      "attachment; filename*0*=UTF-8''%C3%9Cbersicht%20M%C3; filename*1*=%A4rz; filename*2=.pdf; filename=fallback.pdf",
    );
    expect(field.params.get('filename')).toBe('Übersicht März.pdf');
    expect(
      parseStructuredField("attachment; filename*=iso-8859-1'de'Gr%FC%DFe.txt").params.get('filename'),
    ).toBe('Grüße.txt');
  });
});

describe('transfer encodings', () => {
  it('decodes quoted-printable: bytes, soft line breaks (blanks allowed before them) and stray equals signs', () => {
    const decoded = decodeQuotedPrintable(
      Buffer.from('Gr=C3=BC=C3=9Fe, 1+1=3D2 =\r\nand =  \r\nmore =ZZ end='),
    );
    expect(decoded.toString('utf8')).toBe('Grüße, 1+1=2 and more =ZZ end');
  });

  it('decodes base64 whose every line is padded (some mailers write it so)', () => {
    const padded = Buffer.from('aGVsbG8=\r\nIHdvcmxk\r\nIQ==\r\n');
    expect(decodeTransfer('base64', padded).toString()).toBe('hello world!');
    expect(decodeTransfer('base64', Buffer.from('aGVs\r\nbG8g\r\nd29y\r\nbGQh\r\n')).toString()).toBe(
      'hello world!',
    );
  });

  it('measures a base64 body exactly as decoding it would, without decoding it', () => {
    const rng = createRng(12);
    const pieces = ['=', '==', '\r\n', ' ', '\t', '!', '.', '-', '_', '\x80', '\xff', '\x00'];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    for (let i = 0; i < 5000; i++) {
      let text = '';
      const odd = rng.next() * 0.5;
      for (let n = rng.int(0, 40); n > 0; n--) {
        text += rng.chance(odd) ? rng.pick(pieces) : alphabet.charAt(rng.int(0, alphabet.length - 1));
      }
      const body = Buffer.from(text, 'latin1');
      expect(base64Length(body), JSON.stringify(text)).toBe(decodeTransfer('base64', body).byteLength);
    }
    // A big attachment, as mailers write it: counted, not decoded.
    const big = Buffer.from(
      `${rng
        .bytes(600_000)
        .toString('base64')
        .replace(/(.{76})/g, '$1\r\n')}\r\n`,
    );
    expect(decodedLength('base64', big)).toBe(600_000);
    expect(decodedLength('identity', big)).toBe(big.length);
    expect(decodedLength('quoted-printable', Buffer.from('a=3Db=\r\nc'))).toBe(4);
  });

  it('recognises the encoding names whatever their case or comments', () => {
    expect(transferEncodingOf(' Base64 ')).toBe('base64');
    expect(transferEncodingOf('(old) quoted-printable')).toBe('quoted-printable');
    expect(transferEncodingOf('8bit')).toBe('identity');
    expect(transferEncodingOf(undefined)).toBe('identity');
  });
});

describe('charsets', () => {
  it('decodes declared charsets, including names mail uses that TextDecoder does not know', () => {
    expect(decodeText(Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65]), 'ISO-8859-1')).toBe('Grüße');
    expect(decodeText(Buffer.from([0x82, 0xa0]), 'cp932')).toBe('あ');
    expect(decodeText(Buffer.from([0x80]), 'win-1252')).toBe('€');
  });

  it('reads 8-bit bytes labelled US-ASCII, or not labelled at all, as UTF-8 if they are, else as Windows-1252', () => {
    const latin = Buffer.from([0x63, 0x61, 0x66, 0xe9]);
    expect(decodeText(latin, 'us-ascii')).toBe('café');
    expect(decodeText(latin, undefined)).toBe('café');
    expect(decodeText(Buffer.from('café', 'utf8'), 'US-ASCII')).toBe('café');
  });

  it('reads an unknown charset as UTF-8 when the bytes are UTF-8, else as Windows-1252', () => {
    expect(decodeText(Buffer.from('Nguyễn', 'utf8'), 'x-unknown-8bit')).toBe('Nguyễn');
    expect(decodeText(Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65]), 'x-unknown-8bit')).toBe('Grüße');
  });
});

describe('format=flowed', () => {
  it('joins soft-broken lines, removes space-stuffing and keeps the signature separator', () => {
    expect(decodeFlowed('Hello \nworld\n >quoted\n-- \nsig', false)).toBe('Hello world\n>quoted\n-- \nsig');
    expect(decodeFlowed('Hel \nlo', true)).toBe('Hello');
  });
});

describe('MIME structure', () => {
  it('splits nested multiparts, ignoring preamble, epilogue and boundary look-alikes', () => {
    const root = readEntity(
      crlf([
        'Content-Type: multipart/mixed; boundary=outer',
        '',
        'preamble --outer not a delimiter',
        '--outer',
        'Content-Type: multipart/alternative; boundary=inner',
        '',
        '--inner',
        '',
        'plain',
        '--innerX is not a delimiter',
        '--inner',
        'Content-Type: text/html',
        '',
        '<p>html</p>',
        '--inner--',
        '--outer',
        'Content-Type: application/octet-stream',
        '',
        'data',
        '--outer--',
        'epilogue',
      ]),
    );
    expect(root.parts.map((p) => p.type.value)).toEqual([
      'multipart/alternative',
      'application/octet-stream',
    ]);
    const [alternative, file] = root.parts;
    expect(alternative?.parts.map((p) => p.body.toString())).toEqual([
      'plain\r\n--innerX is not a delimiter',
      '<p>html</p>',
    ]);
    expect(file?.body.toString()).toBe('data');
  });

  it('reads mail whose lines end in CR CR LF (converted to CRLF twice)', () => {
    const message = readMessage(
      Buffer.from(
        [
          'Subject: twice',
          'Content-Type: multipart/mixed; boundary=b',
          '',
          '--b',
          '',
          'the words',
          '--b--',
          '',
        ].join('\r\r\n'),
      ),
    );
    expect(message.subject).toBe('twice');
    expect(message.text.trim()).toBe('the words');
  });

  it('reads at most 10,000 parts of one message, so bare delimiter lines cannot fill the memory', () => {
    const lines = ['Content-Type: multipart/mixed; boundary=b', '', '--b', '', 'first part'];
    for (let i = 0; i < 20_000; i++) lines.push('--b');
    const root = readEntity(crlf(lines));
    expect(root.parts).toHaveLength(10_000);
    expect(root.parts[0]?.body.toString()).toBe('first part');
  });

  it('keeps the last part of a multipart that is never closed, and reads digest parts as messages', () => {
    const root = readEntity(
      crlf([
        'Content-Type: multipart/digest; boundary=d',
        '',
        '--d',
        '',
        'Subject: inner',
        '',
        'x',
        '--d',
        '',
        'cut',
      ]),
    );
    expect(root.parts.map((p) => p.type.value)).toEqual(['message/rfc822', 'message/rfc822']);
    expect(root.parts[1]?.body.toString()).toBe('cut');
  });
});

describe('readMessage', () => {
  it('takes the plain version of an alternative and lists files with their decoded names and sizes', () => {
    const message = readMessage(
      crlf([
        'From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.org>',
        'To: a@example.org',
        'To: "B, Person" <b@example.org>',
        'Subject: =?UTF-8?B?R3LDvMOfZQ==?=',
        'Content-Type: multipart/mixed; boundary=m',
        '',
        '--m',
        'Content-Type: multipart/alternative; boundary=a',
        '',
        '--a',
        'Content-Type: text/plain; charset=iso-8859-1',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Gr=FC=DFe aus M=FCnchen',
        '--a',
        'Content-Type: text/html',
        '',
        '<p>never read</p>',
        '--a--',
        '--m',
        'Content-Type: application/pdf; name="=?UTF-8?Q?=C3=9Cbersicht.pdf?="',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.alloc(1000, 1)
          .toString('base64')
          .replace(/(.{76})/g, '$1\r\n'),
        '--m--',
      ]),
    );
    expect(message).toMatchObject({
      subject: 'Grüße',
      from: 'Jürgen <j@example.org>',
      to: 'a@example.org, B, Person <b@example.org>',
      cc: null,
      text: 'Grüße aus München',
      defect: null,
    });
    expect(message.attachments).toEqual([
      { filename: 'Übersicht.pdf', contentType: 'application/pdf', size: 1000 },
    ]);
  });

  it('reads only the text when asked (a search snippet), listing files without decoding them', () => {
    const message = crlf([
      'Content-Type: multipart/mixed; boundary=m',
      '',
      '--m',
      '',
      'the words',
      '--m',
      'Content-Type: application/pdf; name=a.pdf',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.alloc(3000, 1).toString('base64'),
      '--m--',
    ]);
    expect(readMessage(message).attachments[0]?.size).toBe(3000);
    const textOnly = readMessage(message, { textOnly: true });
    expect(textOnly.text).toBe('the words');
    expect(textOnly.attachments).toEqual([{ filename: 'a.pdf', contentType: 'application/pdf', size: 0 }]);
  });

  it('converts HTML when there is no plain version, also beside an empty plain one', () => {
    const htmlOnly = readMessage(crlf(['Content-Type: text/html', '', '<p>Quarterly <b>numbers</b></p>']));
    expect(htmlOnly.text).toBe('Quarterly numbers');
    const emptyPlain = readMessage(
      crlf([
        'Content-Type: multipart/alternative; boundary=a',
        '',
        '--a',
        '',
        ' ',
        '--a',
        'Content-Type: text/html',
        '',
        '<div>the real text</div>',
        '--a--',
      ]),
    );
    expect(emptyPlain.text).toBe('the real text');
  });

  it('keeps the header fields and the words of HTML nested too deep to lay out', () => {
    const html = `${'<font>'.repeat(20_000)}deeply nested words${'</font>'.repeat(20_000)}`;
    const message = readMessage(crlf(['Subject: nested', 'Content-Type: text/html', '', html]));
    expect(message.subject).toBe('nested');
    expect(message.text).toContain('deeply nested words');
  });

  it('reads a forwarded message into the text, its files into the list, unless it is a report', () => {
    const forwarded = (type: string): Buffer =>
      crlf([
        `Content-Type: multipart/${type}; boundary=f`,
        '',
        '--f',
        '',
        'See below.',
        '--f',
        'Content-Type: message/rfc822',
        '',
        'From: Ann <ann@example.org>',
        'Subject: Original',
        'Content-Type: multipart/mixed; boundary=g',
        '',
        '--g',
        '',
        'original words',
        '--g',
        'Content-Type: image/png; name=a.png',
        '',
        'png',
        '--g--',
        '--f--',
      ]);
    const inline = readMessage(forwarded('mixed'));
    expect(inline.text).toBe('See below.\nFrom: Ann <ann@example.org>\nSubject: Original\n\noriginal words');
    expect(inline.attachments).toEqual([{ filename: 'a.png', contentType: 'image/png', size: 3 }]);

    const report = readMessage(
      Buffer.from(
        forwarded('report')
          .toString()
          .replace(
            '--f\r\nContent-Type: message/rfc822',
            '--f\r\nContent-Type: message/delivery-status\r\n\r\nx\r\n--f\r\nContent-Type: message/rfc822',
          ),
      ),
    );
    expect(report.text).toBe('See below.');
    expect(report.attachments.map((a) => a.contentType)).toEqual([
      'message/delivery-status',
      'message/rfc822',
    ]);
  });

  it('reports a multipart without boundary, or whose boundary never starts a line, as defective', () => {
    expect(readMessage(crlf(['Content-Type: multipart/mixed', '', 'x'])).defect).toMatch(
      /without a boundary/,
    );
    expect(readMessage(crlf(['Content-Type: multipart/mixed; boundary=q', '', 'a --q b'])).defect).toMatch(
      /never appears/,
    );
  });

  it('stops reading nesting at a fixed depth instead of recursing without end', () => {
    const depth = 5000;
    const lines: string[] = [];
    for (let i = 0; i < depth; i++)
      lines.push(`Content-Type: multipart/mixed; boundary=b${i}`, '', `--b${i}`);
    lines.push('', 'deep text');
    const message = readMessage(crlf(lines));
    expect(message.text).toBe('');
    expect(message.defect).toBeNull();
  });
});

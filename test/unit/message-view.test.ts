import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { INLINE_IMAGE_BUDGET, readMessageView } from '../../src-main/engine/archive/message-view.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { REPORT } from '../support/handler-archive.ts';
import { PNG_BASE64 } from '../support/recording-proxy.ts';
import { RELATED_MAIL, seedArchive } from '../support/viewer-mail.ts';

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');

/** An HTML mail with `parts` image parts of `bytes` bytes each, all with a Content-ID. */
function manyImages(parts: number, bytes: number): Buffer {
  const lines = [
    'From: a@example.org',
    'Subject: many images',
    'Message-ID: <many@example.org>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/related; boundary="b"',
    '',
    '--b',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>images</p>',
  ];
  const base64 = Buffer.alloc(bytes, 7).toString('base64');
  for (let i = 0; i < parts; i += 1) {
    lines.push(
      '--b',
      'Content-Type: image/png',
      'Content-Transfer-Encoding: base64',
      `Content-ID: <p${i}@x>`,
      '',
    );
    lines.push(base64);
  }
  lines.push('--b--', '');
  return crlf(lines);
}

describe('readMessageView: the inline images the viewer shows by cid:', () => {
  let dir = '';
  let db: Database.Database;
  const share = Math.floor(INLINE_IMAGE_BUDGET / 3) + 1;

  beforeAll(() => {
    dir = seedArchive([RELATED_MAIL, REPORT, manyImages(3, share)]).dir;
    db = openArchive(dir, { readonly: true });
  });

  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends the image part of a multipart/related body with its Content-ID', async () => {
    const view = await readMessageView(db, 1);
    expect(view?.html).toContain('src="cid:logo%40zeppelin.example"');
    expect(view?.inlineImages).toEqual([
      { contentId: '<logo@zeppelin.example>', contentType: 'image/png', base64: PNG_BASE64 },
    ]);
  });

  it('sends none for a message whose parts have no Content-ID', async () => {
    expect((await readMessageView(db, 2))?.inlineImages).toEqual([]);
  });

  it('stops at the size budget; what does not fit stays an attachment', async () => {
    const view = await readMessageView(db, 3);
    expect(view?.inlineImages.map((image) => image.contentId)).toEqual(['<p0@x>', '<p1@x>']);
    expect(view?.attachments).toHaveLength(3);
  });
});

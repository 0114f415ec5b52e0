/** Mail for the viewer's tests: an HTML body with a cid: image in multipart/related, and an archive of it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addAccount } from '../../src-main/engine/archive/accounts-repo.ts';
import { ensureFolder } from '../../src-main/engine/archive/folders-repo.ts';
import { createBatchWriter } from '../../src-main/engine/archive/messages-repo.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { rethreadArchive } from '../../src-main/engine/archive/threads-repo.ts';
import { parsedBatchItem, WORK } from './handler-archive.ts';
import { PNG_BASE64 } from './recording-proxy.ts';

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');

/** The word the related mail's subject and body carry, to find it by search. */
export const RELATED_WORD = 'zeppelinlogo';

/**
 * A newsletter as mailers send one: multipart/alternative inside multipart/related, the HTML showing its
 * logo by Content-ID (percent-encoded in the URL, as RFC 2392 writes it). The HTML also names one remote
 * image, so "Load images" is offered, and files relative to wherever it is shown, which must never be
 * asked for.
 */
export const RELATED_MAIL = crlf([
  'From: Zeppelin News <news@zeppelin.example>',
  'To: Bob <bob@example.org>',
  `Subject: The ${RELATED_WORD} issue`,
  'Message-ID: <related1@zeppelin.example>',
  'Date: Thu, 4 Jan 2024 10:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: multipart/related; boundary="rel"; type="multipart/alternative"',
  '',
  '--rel',
  'Content-Type: multipart/alternative; boundary="alt"',
  '',
  '--alt',
  'Content-Type: text/plain; charset=utf-8',
  '',
  `This is the ${RELATED_WORD} issue.`,
  '--alt',
  'Content-Type: text/html; charset=utf-8',
  '',
  `<p>This is the ${RELATED_WORD} issue.</p>`,
  '<p><img id="logo" alt="logo" src="cid:logo%40zeppelin.example"></p>',
  '<p><img id="remote" alt="remote" src="http://remote.example/banner.png"></p>',
  '<p><img id="relative" alt="relative" src="leak-relative.png"><img src="/leak-root.png"></p>',
  '<div style="background:url(leak-css.png);width:9px;height:9px"></div>',
  '--alt--',
  '--rel',
  'Content-Type: image/png; name="logo.png"',
  'Content-Transfer-Encoding: base64',
  'Content-ID: <logo@zeppelin.example>',
  'Content-Disposition: inline; filename="logo.png"',
  '',
  PNG_BASE64,
  '--rel--',
  '',
]);

/** A temp archive holding `messages` in one account's INBOX; the caller removes `dir`. */
export function seedArchive(messages: Buffer[]): { dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-viewer-'));
  const db = openArchive(dir, { create: true });
  try {
    const account = addAccount(db, { name: 'work', ...WORK });
    const inbox = ensureFolder(db, account.id, { path: 'INBOX', delimiter: '/', specialUse: '\\Inbox' });
    const items = messages.map((raw, i) => parsedBatchItem(i + 1, raw));
    createBatchWriter(db)({ runId: null, folderId: inbox, uidValidity: 1, items, failures: [] });
    rethreadArchive(db);
  } finally {
    db.close();
  }
  return { dir };
}

/** An archive for the search options' tests: a folder with an accented name, two ranked words, 1,120 threads. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addAccount } from '../../src-main/engine/archive/accounts-repo.ts';
import { ensureFolder } from '../../src-main/engine/archive/folders-repo.ts';
import { createBatchWriter } from '../../src-main/engine/archive/messages-repo.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { rethreadArchive } from '../../src-main/engine/archive/threads-repo.ts';
import { parsedBatchItem, WORK } from './handler-archive.ts';

/** Found in two messages: the older says it three times in its subject (best match), the newer once. */
export const RANKED_WORD = 'kestrel';
export const BEST_SUBJECT = 'Kestrel kestrel kestrel';
export const NEWEST_SUBJECT = 'Field notes from the week';
/** In every digest: more threads than the count's cap of 1,000. */
export const DIGEST_WORD = 'digest';
export const DIGESTS = 1_120;
export const UNICODE_FOLDER = 'Ünïcode Ordner';
export const UNICODE_SUBJECT = 'Filed under an accented folder';

function mail(subject: string, body: string, day: Date, id: string): Buffer {
  return Buffer.from(
    [
      'From: Ann <ann@search.example>',
      'To: Team <team@search.example>',
      `Subject: ${subject}`,
      `Message-ID: <${id}@search.example>`,
      `Date: ${day.toUTCString().replace('GMT', '+0000')}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n'),
    'utf8',
  );
}

const day = (n: number): Date => new Date(Date.UTC(2022, 0, 1 + n, 9));

/** A temp archive with INBOX and "Ünïcode Ordner" in account "work"; the caller removes `dir`. */
export function seedSearchArchive(): { dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-search-'));
  const db = openArchive(dir, { create: true });
  try {
    const account = addAccount(db, { name: 'work', ...WORK });
    const inbox = ensureFolder(db, account.id, { path: 'INBOX', delimiter: '/', specialUse: '\\Inbox' });
    const unicode = ensureFolder(db, account.id, { path: UNICODE_FOLDER, delimiter: '/', specialUse: null });
    const write = createBatchWriter(db);
    const inboxMail = [
      mail(BEST_SUBJECT, `The ${RANKED_WORD} nests again.`, day(10), 'best'),
      mail(NEWEST_SUBJECT, `Saw a ${RANKED_WORD} once, among many other birds and things.`, day(900), 'new'),
      ...Array.from({ length: DIGESTS }, (_, i) =>
        mail(
          `Weekly ${DIGEST_WORD} ${i + 1}`,
          `Rooms and schedules, part ${i + 1}.`,
          day(20 + i / 2),
          `d${i}`,
        ),
      ),
    ];
    const items = inboxMail.map((raw, i) => parsedBatchItem(i + 1, raw));
    write({ runId: null, folderId: inbox, uidValidity: 1, items, failures: [] });
    const filed = [parsedBatchItem(1, mail(UNICODE_SUBJECT, 'Nothing else.', day(5), 'uni'))];
    write({ runId: null, folderId: unicode, uidValidity: 1, items: filed, failures: [] });
    rethreadArchive(db);
  } finally {
    db.close();
  }
  return { dir };
}

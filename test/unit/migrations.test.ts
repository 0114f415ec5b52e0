import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initial } from '../../src-main/engine/archive/migrations/0001-initial.ts';
import { search } from '../../src-main/engine/archive/migrations/0002-search.ts';
import { jobs } from '../../src-main/engine/archive/migrations/0003-jobs.ts';
import { brotli } from '../../src-main/engine/archive/migrations/0004-brotli.ts';
import { rawParts } from '../../src-main/engine/archive/migrations/0005-raw-parts.ts';
import { recordFolderProblems } from '../../src-main/engine/archive/folder-errors-repo.ts';
import { listMessageErrors } from '../../src-main/engine/archive/scans-repo.ts';
import { removeAccountWithMail } from '../../src-main/engine/archive/delete-mail.ts';
import { createBatchWriter } from '../../src-main/engine/archive/messages-repo.ts';
import { createRawReader, iterateRawMessages } from '../../src-main/engine/archive/raw-repo.ts';
import { parseMessage } from '../../src-main/engine/mime/parse.ts';
import { toStoredContent } from '../../src-main/engine/mime/stored-content.ts';
import { createRng } from '../support/prng.ts';
import { LATEST_VERSION } from '../../src-main/engine/archive/migrations/registry.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { verifyArchive } from '../../src-main/engine/archive/verify.ts';
import { decodeRaw, encodeRaw, packFileInParts } from '../../src-main/engine/mime/raw-codec.ts';
import { matchingMessageIds } from '../../src-main/engine/search/search.ts';
import type { RawCodec } from '../../src-main/engine/mime/parsed-message.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-migrate-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An archive as MailTrove 0001 wrote it: body text plain in message_text, no index, no threads. */
function writeVersion1(file: string): void {
  const db = new Database(file);
  initial.up(db);
  db.pragma('user_version = 1');
  db.prepare(
    "INSERT INTO accounts (id, name, host, port, security, user, created_at) VALUES (1, 'a', 'h', 993, 'tls', 'u', 0)",
  ).run();
  db.prepare("INSERT INTO folders (id, account_id, path, delimiter) VALUES (1, 1, 'INBOX', '/')").run();
  const messages = [
    { id: 1, mid: 'root@x', irt: null, subject: 'Plan für Café', body: 'Treffen im Café am Montag' },
    { id: 2, mid: 'reply@x', irt: 'root@x', subject: 'Re: Plan für Café', body: '会議は月曜日です' },
  ];
  for (const m of messages) {
    const raw = Buffer.from(`Subject: ${m.subject}\r\n\r\n${m.body}\r\n`);
    const sha = Buffer.alloc(32, m.id);
    db.prepare(
      `INSERT INTO messages (id, sha256, size, message_id, in_reply_to, refs, subject, date, date_source, internal_date, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'header', ?, 0)`,
    ).run(m.id, sha, raw.length, m.mid, m.irt, m.irt, m.subject, 1_700_000_000_000 + m.id, 1_700_000_000_000);
    const packed = encodeRaw(raw, 'deflate-raw');
    db.prepare('INSERT INTO message_raw (message_id, codec, data) VALUES (?, ?, ?)').run(
      m.id,
      packed.codec,
      packed.data,
    );
    db.prepare('INSERT INTO message_text (message_id, body) VALUES (?, ?)').run(m.id, m.body);
    db.prepare(
      'INSERT INTO memberships (folder_id, uid_validity, uid, message_id, internal_date, seen_at) VALUES (1, 1, ?, ?, 0, 0)',
    ).run(m.id, m.id);
  }
  db.close();
}

describe('migration 0002-search', () => {
  it('moves body text into compressed storage, indexes it and threads existing mail', () => {
    const file = path.join(dir, 'old.sqlite');
    writeVersion1(file);
    const db = openArchive(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).not.toContain('message_text');
    const body = db.prepare('SELECT codec, data FROM message_body WHERE message_id = 1').get() as {
      codec: RawCodec;
      data: Buffer;
    };
    expect(decodeRaw(body).toString('utf8')).toBe('Treffen im Café am Montag');
    expect(matchingMessageIds(db, 'cafe montag')).toEqual([1]);
    expect(matchingMessageIds(db, '月曜')).toEqual([2]);
    expect(db.prepare('SELECT DISTINCT thread_id FROM messages').pluck().all()).toEqual([1]);
    // Verify checks raw hashes too; these fixtures use placeholder hashes, so only the index check matters here.
    expect(verifyArchive(db).searchIndex).toBe('ok');
    db.close();
  });
});

describe('migration 0003-jobs', () => {
  it('adds jobs with history, scan records and daily download counts to an archive with runs, keeping the runs', () => {
    const file = path.join(dir, 'v2.sqlite');
    writeVersion1(file);
    // Version 2 with a run on record, as MailTrove 0002 left archives.
    const raw = new Database(file);
    raw.transaction(() => {
      search.up(raw);
      raw.pragma('user_version = 2');
    })();
    raw
      .prepare("INSERT INTO runs (account_id, started_at, params, status) VALUES (1, 5, '{}', 'completed')")
      .run();
    raw.close();

    const db = openArchive(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['jobs', 'job_events', 'folder_scans', 'download_days']));
    expect(db.prepare('SELECT started_at, job_id FROM runs').all()).toEqual([
      { started_at: 5, job_id: null },
    ]);
    db.close();
  });
});

describe('migration 0004-brotli', () => {
  it('lets an archive with DEFLATE rows take Brotli rows, reading both back byte for byte', () => {
    const file = path.join(dir, 'v3.sqlite');
    const longMail = Buffer.from(`Subject: DEFLATE\r\n\r\n${'Written before Brotli. '.repeat(100)}\r\n`);
    writeVersion1(file);
    const v3 = new Database(file);
    v3.transaction(() => {
      search.up(v3);
      jobs.up(v3);
      v3.pragma('user_version = 3');
      const packed = encodeRaw(longMail, 'deflate-raw');
      v3.prepare('UPDATE message_raw SET codec = ?, data = ? WHERE message_id = 1').run(
        packed.codec,
        packed.data,
      );
    })();
    v3.close();

    const db = openArchive(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    const before = db.prepare('SELECT codec, data FROM message_raw WHERE message_id = 1').get() as {
      codec: RawCodec;
      data: Buffer;
    };
    expect(before.codec).toBe('deflate-raw');
    expect(decodeRaw(before).equals(longMail)).toBe(true);

    const mail = Buffer.from('Subject: Brotli\r\n\r\n' + 'Brotli packs this line. '.repeat(200) + '\r\n');
    const packed = encodeRaw(mail);
    expect(packed.codec).toBe('brotli');
    db.prepare('UPDATE message_raw SET codec = ?, data = ? WHERE message_id = 2').run(
      packed.codec,
      packed.data,
    );
    db.prepare('UPDATE message_body SET codec = ?, data = ? WHERE message_id = 2').run(
      packed.codec,
      packed.data,
    );
    const after = db.prepare('SELECT codec, data FROM message_raw WHERE message_id = 2').get() as {
      codec: RawCodec;
      data: Buffer;
    };
    expect(decodeRaw(after).equals(mail)).toBe(true);
    // Wider, not gone: an unknown codec is still refused.
    expect(() => db.prepare("UPDATE message_raw SET codec = 'zstd' WHERE message_id = 1").run()).toThrow(
      /CHECK/,
    );
    expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(verifyArchive(db).searchIndex).toBe('ok');
    db.close();
  });
});

describe('migration 0005-raw-parts', () => {
  it('lets an archive take a large message in parts, read back byte for byte and removed whole', () => {
    const file = path.join(dir, 'v4.sqlite');
    writeVersion1(file);
    const v4 = new Database(file);
    v4.transaction(() => {
      search.up(v4);
      jobs.up(v4);
      brotli.up(v4);
      v4.pragma('user_version = 4');
    })();
    v4.close();

    const db = openArchive(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    // A 2.5 MB message: three parts, written by the import's own batch writer.
    const large = Buffer.concat([
      Buffer.from('Subject: Scans\r\nContent-Type: text/plain\r\n\r\n'),
      Buffer.from(createRng(4).bytes(1_900_000).toString('base64')),
    ]);
    const spooled = path.join(dir, 'large.part');
    fs.writeFileSync(spooled, large);
    const stored = packFileInParts(spooled);
    expect(stored.parts).toHaveLength(3);
    const sha256 = createHash('sha256').update(large).digest();
    createBatchWriter(db)({
      runId: null,
      folderId: 1,
      uidValidity: 1,
      items: [
        {
          uid: 10,
          internalDate: 0,
          flags: [],
          sha256,
          size: large.length,
          content: toStoredContent(parseMessage(large), stored),
        },
      ],
      failures: [],
    });
    const id = db.prepare('SELECT id FROM messages WHERE sha256 = ?').pluck().get(sha256) as number;
    expect(db.prepare('SELECT codec FROM message_raw WHERE message_id = ?').pluck().get(id)).toBe('parts');
    expect(createRawReader(db)(id)?.equals(large)).toBe(true);
    const walked = [...iterateRawMessages(db)];
    expect(walked.map((m) => m.id)).toEqual([1, 2, id]);
    expect(walked.at(-1)?.raw.equals(large)).toBe(true);
    expect([...iterateRawMessages(db, [id])][0]?.raw.equals(large)).toBe(true);
    // Wider, not gone: an unknown codec is still refused.
    expect(() => db.prepare("UPDATE message_raw SET codec = 'zstd' WHERE message_id = 1").run()).toThrow(
      /CHECK/,
    );

    removeAccountWithMail(db, 'a');
    expect(db.prepare('SELECT count(*) FROM message_raw_parts').pluck().get()).toBe(0);
    expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});

describe('migration 0006-server-values', () => {
  it('adds the INTERNALDATE flag (unset on existing mail) and folder entries in the error log', () => {
    const file = path.join(dir, 'v5.sqlite');
    writeVersion1(file);
    const v5 = new Database(file);
    v5.transaction(() => {
      search.up(v5);
      jobs.up(v5);
      brotli.up(v5);
      rawParts.up(v5);
      v5.pragma('user_version = 5');
    })();
    v5.close();

    const db = openArchive(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT id, internal_date_error FROM messages ORDER BY id').all()).toEqual([
      { id: 1, internal_date_error: null },
      { id: 2, internal_date_error: null },
    ]);
    const { id: runId } = db
      .prepare(
        "INSERT INTO runs (account_id, started_at, params, status) VALUES (1, 5, '{}', 'completed') RETURNING id",
      )
      .get() as { id: number };
    const problem = { code: 'bad-uidvalidity', message: 'The server h sent UIDVALIDITY -1' };
    recordFolderProblems(db, { runId, folderId: 1, problems: [problem], clearOthers: true });
    recordFolderProblems(db, { runId, folderId: 1, problems: [problem], clearOthers: true });
    expect(listMessageErrors(db, 1)).toEqual([
      {
        account: 'a',
        folder: 'INBOX',
        uidValidity: null,
        uid: null,
        attempts: 2,
        at: expect.any(Number) as unknown,
        ...problem,
      },
    ]);
    // A later scan that finds the folder sound clears its entry.
    recordFolderProblems(db, { runId, folderId: 1, problems: [], clearOthers: true });
    expect(listMessageErrors(db, 1)).toEqual([]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(verifyArchive(db).searchIndex).toBe('ok');
    db.close();
  });
});

describe('migrations are frozen', () => {
  /**
   * What migration 0002 produced from the archive below, computed by the code before the migrations were
   * made self-contained: the index's every token (term, message, column, position), the bodies' storage
   * and the threads. A change to tokenising or compression elsewhere must not move it.
   */
  const BEFORE = '4c5eb3ea40e3ab3dfb3aab93f82e6c0866ff722a16cf30858ad7b168b4a56ccc';

  it('an archive written at schema 1 migrates to the same index, bodies and threads as before', () => {
    const file = path.join(dir, 'v1.sqlite');
    writeVersion1(file);
    const v1 = new Database(file);
    v1.prepare(
      `INSERT INTO messages (id, sha256, size, message_id, in_reply_to, refs, subject, from_addr, to_addrs, cc_addrs,
         date, date_source, internal_date, added_at)
       VALUES (3, ?, 10, 'other@x', NULL, NULL, '한국어 메일 über Ärger', 'Zoë <z@x>', '山田 <y@x>', 'c@x', 1, 'header', 1, 0)`,
    ).run(Buffer.alloc(32, 3));
    // Long and repetitive: compressed, unlike the short bodies above.
    v1.prepare('INSERT INTO message_text (message_id, body) VALUES (3, ?)').run(
      `${'Bericht zum Quartal, '.repeat(40)}東京タワー`,
    );
    v1.prepare(
      "INSERT INTO attachments (message_id, filename, content_type, size) VALUES (3, '報告書 Q3.pdf', 'application/pdf', 5), (3, NULL, 'image/png', 1)",
    ).run();
    v1.close();

    const db = openArchive(file);
    db.exec("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, 'message_fts', 'instance')");
    const tokens = db
      .prepare('SELECT term, doc, col, offset FROM vocab ORDER BY term, doc, col, offset')
      .all();
    const bodies = db
      .prepare('SELECT message_id, codec, hex(data) AS data FROM message_body ORDER BY message_id')
      .all();
    const threads = db.prepare('SELECT id, thread_id FROM messages ORDER BY id').all();
    db.close();
    const fingerprint = createHash('sha256')
      .update(JSON.stringify({ tokens, bodies, threads }))
      .digest('hex');
    expect(threads).toEqual([
      { id: 1, thread_id: 1 },
      { id: 2, thread_id: 1 },
      { id: 3, thread_id: 3 },
    ]);
    expect(bodies.map((b) => (b as { codec: string }).codec)).toEqual(['none', 'none', 'deflate-raw']);
    expect(fingerprint).toBe(BEFORE);
  });
});

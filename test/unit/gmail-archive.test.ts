import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeAccountWithMail } from '../../src-main/engine/archive/delete-mail.ts';
import {
  createGmailLookup,
  createGmailRecorder,
  gmailFactsOf,
  labelKey,
} from '../../src-main/engine/archive/labels-repo.ts';
import { initial } from '../../src-main/engine/archive/migrations/0001-initial.ts';
import { search } from '../../src-main/engine/archive/migrations/0002-search.ts';
import { jobs } from '../../src-main/engine/archive/migrations/0003-jobs.ts';
import { brotli } from '../../src-main/engine/archive/migrations/0004-brotli.ts';
import { rawParts } from '../../src-main/engine/archive/migrations/0005-raw-parts.ts';
import { serverValues } from '../../src-main/engine/archive/migrations/0006-server-values.ts';
import { LATEST_VERSION } from '../../src-main/engine/archive/migrations/registry.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { createSearchIndexer } from '../../src-main/engine/archive/search-index.ts';
import { rethreadArchive } from '../../src-main/engine/archive/threads-repo.ts';
import { compileQuery } from '../../src-main/engine/search/compile.ts';
import { parseQuery } from '../../src-main/engine/search/query-parser.ts';
import { searchArchive } from '../../src-main/engine/search/search.ts';
import { compiledSearch } from '../support/compiled-search.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-gmail-archive-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An account with one folder and `subjects.length` messages (ids 1..n), each in the folder. */
function archiveWith(db: Database.Database, subjects: string[], account = 'a'): void {
  const accountId = Number(
    db
      .prepare(
        "INSERT INTO accounts (name, host, port, security, user, created_at) VALUES (?, 'h', 993, 'tls', 'u', 0)",
      )
      .run(account).lastInsertRowid,
  );
  const folderId = Number(
    db.prepare("INSERT INTO folders (account_id, path, delimiter) VALUES (?, 'INBOX', '/')").run(accountId)
      .lastInsertRowid,
  );
  const index = createSearchIndexer(db);
  for (const subject of subjects) {
    const id = Number(
      db
        .prepare(
          `INSERT INTO messages (sha256, size, subject, date, date_source, internal_date, added_at)
           VALUES (randomblob(32), 10, ?, 1700000000000, 'header', 1700000000000, 0)`,
        )
        .run(subject).lastInsertRowid,
    );
    index(id, { subject, from: null, to: null, cc: null, body: '', filenames: [] });
    db.prepare(
      'INSERT INTO memberships (folder_id, uid_validity, uid, message_id, internal_date, seen_at) VALUES (?, 1, ?, ?, 0, 0)',
    ).run(folderId, id, id);
  }
}

describe('migration 0008-gmail', () => {
  it('adds Gmail ids and labels to an archive at version 6, keeping its mail', () => {
    const file = path.join(dir, 'v6.sqlite');
    const v6 = new Database(file);
    v6.transaction(() => {
      for (const m of [initial, search, jobs, brotli, rawParts, serverValues]) m.up(v6);
      v6.pragma('user_version = 6');
    })();
    archiveWith(v6, ['Before Gmail']);
    v6.close();

    const db = openArchive(file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT subject FROM messages').pluck().all()).toEqual(['Before Gmail']);
    createGmailRecorder(db)(1, 1, { gmMsgId: '18446744073709551615', gmThrId: '7', labels: ['Büro'] });
    // The largest X-GM-MSGID survives: stored as text, not as SQLite's signed 64-bit integer.
    expect(createGmailLookup(db, 1)('18446744073709551615')).toBe(1);
    expect(gmailFactsOf(db, [1]).get(1)).toEqual({ labels: ['Büro'], gmMsgId: '18446744073709551615' });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});

describe('Gmail labels in the archive', () => {
  it('folds case, accents and the system backslash the way label: compares', () => {
    expect(labelKey('Büro')).toBe('buro');
    expect(labelKey('\\Inbox')).toBe('inbox');
    expect(labelKey('Ünïcödé/Straße')).toBe('unicode/straße');
  });

  it('replaces a message’s labels with the set given, leaving other accounts’ labels', () => {
    const db = openArchive(dir, { create: true });
    archiveWith(db, ['One']);
    archiveWith(db, [], 'b');
    const record = createGmailRecorder(db);
    record(1, 1, { gmMsgId: '5', gmThrId: '9', labels: ['\\Inbox', 'Work'] });
    record(2, 1, { gmMsgId: '77', gmThrId: '9', labels: ['Other'] });
    record(1, 1, { gmMsgId: '5', gmThrId: null, labels: ['Work'] });
    expect(gmailFactsOf(db, [1]).get(1)).toEqual({ labels: ['Other', 'Work'], gmMsgId: '5' });
    expect(db.prepare('SELECT gm_thrid FROM gmail_ids WHERE gm_msgid = ?').pluck().get('5')).toBe('9');
    db.close();
  });

  it('label: finds a label and the labels below it, without case or accents', () => {
    const db = openArchive(dir, { create: true });
    archiveWith(db, ['office', 'inbox', 'travel', 'workshop', 'plain']);
    const record = createGmailRecorder(db);
    record(1, 1, { gmMsgId: '1', gmThrId: null, labels: ['Büro'] });
    record(1, 2, { gmMsgId: '2', gmThrId: null, labels: ['\\Inbox', 'Work'] });
    record(1, 3, { gmMsgId: '3', gmThrId: null, labels: ['Work/Travel'] });
    record(1, 4, { gmMsgId: '4', gmThrId: null, labels: ['Workshop'] });
    expect(compiledSearch(db, 'label:buro')).toEqual([1]);
    expect(compiledSearch(db, 'label:BÜRO')).toEqual([1]);
    expect(compiledSearch(db, 'label:inbox')).toEqual([2]);
    expect(compiledSearch(db, 'label:\\Inbox')).toEqual([2]);
    expect(compiledSearch(db, 'label:work')).toEqual([2, 3]);
    expect(compiledSearch(db, 'label:work/travel')).toEqual([3]);
    expect(compiledSearch(db, '-label:work')).toEqual([1, 4, 5]);
    expect(compiledSearch(db, 'travel OR label:büro')).toEqual([1, 3]);
    expect(searchArchive(db, 'label:work').hits.map((h) => h.subject)).toEqual(['travel', 'inbox']);
    expect(() => parseQuery('label:')).toThrow(/needs a value|needs a label/);
    db.close();
  });

  it('label: searches the label index instead of scanning every message', () => {
    const db = openArchive(dir, { create: true });
    const { where, params } = compileQuery(parseQuery('label:work'));
    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN SELECT m.id FROM messages m WHERE ${where}`).all(...params) as {
        detail: string;
      }[]
    )
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/SEARCH message_labels USING COVERING INDEX message_labels_key/);
    expect(plan).not.toMatch(/SCAN m\b/);
    db.close();
  });

  it('threads messages Gmail threads together even when their headers do not link them', () => {
    const db = openArchive(dir, { create: true });
    archiveWith(db, ['Lunch?', 'Different subject', 'Unrelated']);
    const record = createGmailRecorder(db);
    record(1, 1, { gmMsgId: '1', gmThrId: '500', labels: [] });
    record(1, 2, { gmMsgId: '2', gmThrId: '500', labels: [] });
    record(1, 3, { gmMsgId: '3', gmThrId: '501', labels: [] });
    rethreadArchive(db);
    expect(db.prepare('SELECT id, thread_id FROM messages ORDER BY id').all()).toEqual([
      { id: 1, thread_id: 1 },
      { id: 2, thread_id: 1 },
      { id: 3, thread_id: 3 },
    ]);
    db.close();
  });

  it('removing an account removes its Gmail ids and labels with its mail', () => {
    const db = openArchive(dir, { create: true });
    archiveWith(db, ['One']);
    createGmailRecorder(db)(1, 1, { gmMsgId: '1', gmThrId: '2', labels: ['Work'] });
    expect(removeAccountWithMail(db, 'a').removedMessages).toBe(1);
    expect(db.prepare('SELECT count(*) FROM message_labels').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM gmail_ids').pluck().get()).toBe(0);
    db.close();
  });
});

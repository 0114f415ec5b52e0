import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addAccount,
  findAccount,
  listAccounts,
  removeAccount,
} from '../../src-main/engine/archive/accounts-repo.ts';
import { archivedUids, ensureFolder, getCheckpoint } from '../../src-main/engine/archive/folders-repo.ts';
import { createBatchWriter, type BatchItem } from '../../src-main/engine/archive/messages-repo.ts';
import { LATEST_VERSION, MIGRATIONS } from '../../src-main/engine/archive/migrations/registry.ts';
import { openArchive, resolveArchiveFile } from '../../src-main/engine/archive/open.ts';
import { rethreadIfNeeded } from '../../src-main/engine/archive/threads-repo.ts';
import { verifyArchive } from '../../src-main/engine/archive/verify.ts';
import { parseMessage } from '../../src-main/engine/mime/parse.ts';
import { toStoredContent } from '../../src-main/engine/mime/stored-content.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-archive-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const account = {
  name: 'work',
  host: 'imap.example.org',
  port: 993,
  security: 'tls' as const,
  user: 'me@example.org',
};

function item(uid: number, text: string): BatchItem {
  const raw = Buffer.from(`Subject: ${text}\r\nMessage-ID: <${text}@x>\r\n\r\n${text}\r\n`);
  return {
    uid,
    internalDate: Date.UTC(2024, 0, uid),
    flags: ['\\Seen'],
    sha256: createHash('sha256').update(raw).digest(),
    size: raw.byteLength,
    content: toStoredContent(parseMessage(raw), raw),
  };
}

/** A new archive holding the test account and its INBOX. */
function archiveWithInbox(): { db: ReturnType<typeof openArchive>; inbox: number } {
  const db = openArchive(dir, { create: true });
  const { id: accountId } = addAccount(db, account);
  const inbox = ensureFolder(db, accountId, { path: 'INBOX', delimiter: '/', specialUse: null });
  return { db, inbox };
}

describe('openArchive', () => {
  it('creates a private archive at the latest schema, each migration applied once', () => {
    const db = openArchive(dir, { create: true });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    // Increasing, each once; a number reserved for a branch not merged yet may be missing (7).
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    expect(versions.at(-1)).toBe(LATEST_VERSION);
    db.close();
    const file = resolveArchiveFile(dir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    // Re-opening migrates nothing and keeps data.
    const again = openArchive(dir);
    expect(again.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(0);
    again.close();
  });

  it('does not create anything when asked to open a missing archive', () => {
    expect(() => openArchive(dir)).toThrow(/No archive/);
    expect(() => openArchive(dir, { readonly: true })).toThrow(/No archive/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses an archive from a newer version without touching it', () => {
    const file = path.join(dir, 'future.sqlite');
    const future = new Database(file);
    future.pragma(`user_version = ${LATEST_VERSION + 1}`);
    future.close();
    const before = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    expect(() => openArchive(file)).toThrow(/newer MailTrove/);
    expect(createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['future.sqlite']);
  });
});

describe('accounts', () => {
  it('adds, lists, refuses duplicates, and removes while keeping the name reusable', () => {
    const db = openArchive(dir, { create: true });
    addAccount(db, account);
    expect(() => addAccount(db, account)).toThrow(/already exists/);
    expect(listAccounts(db).map((a) => a.name)).toEqual(['work']);
    removeAccount(db, 'work');
    expect(findAccount(db, 'work')).toBeNull();
    addAccount(db, { ...account, host: 'other.example.org' });
    expect(listAccounts(db).map((a) => a.host)).toEqual(['other.example.org']);
    db.close();
  });
});

describe('batch writer', () => {
  it('stores identical bytes once with one membership per folder and UID, and verifies', () => {
    const db = openArchive(dir, { create: true });
    const { id: accountId } = addAccount(db, account);
    const inbox = ensureFolder(db, accountId, { path: 'INBOX', delimiter: '/', specialUse: '\\Inbox' });
    const sent = ensureFolder(db, accountId, { path: 'Sent', delimiter: '/', specialUse: '\\Sent' });
    const write = createBatchWriter(db);
    const a = item(1, 'alpha');
    const b = item(2, 'beta');
    expect(write({ runId: null, folderId: inbox, uidValidity: 5, items: [a, b], failures: [] })).toEqual({
      new: 2,
      sameContent: 0,
      parseFailed: 0,
      badInternalDates: 0,
      failed: 0,
    });
    // The same bytes in another folder, and a re-delivery of a batch, add memberships only.
    expect(
      write({
        runId: null,
        folderId: sent,
        uidValidity: 9,
        items: [{ ...a, uid: 40, content: null }],
        failures: [],
      }),
    ).toEqual({
      new: 0,
      sameContent: 1,
      parseFailed: 0,
      badInternalDates: 0,
      failed: 0,
    });
    write({ runId: null, folderId: inbox, uidValidity: 5, items: [a], failures: [] });
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(2);
    expect(db.prepare('SELECT count(*) FROM memberships').pluck().get()).toBe(3);
    expect([...archivedUids(db, inbox, 5)].sort()).toEqual([1, 2]);
    expect(getCheckpoint(db, inbox, 5)).toMatchObject({ complete: false, batchesDone: 2 });
    expect(verifyArchive(db)).toMatchObject({ ok: true, messages: 2, hashMismatches: [], orphans: [] });
    db.close();
  });

  it('records failures without a membership, so the next run fetches them again', () => {
    const { db, inbox } = archiveWithInbox();
    const write = createBatchWriter(db);
    write({
      runId: null,
      folderId: inbox,
      uidValidity: 1,
      items: [],
      failures: [{ uid: 3, code: 'x', message: 'boom' }],
    });
    write({
      runId: null,
      folderId: inbox,
      uidValidity: 1,
      items: [],
      failures: [{ uid: 3, code: 'x', message: 'boom' }],
    });
    expect(db.prepare('SELECT attempts FROM message_errors WHERE uid = 3').pluck().get()).toBe(2);
    expect(archivedUids(db, inbox, 1).size).toBe(0);
    write({ runId: null, folderId: inbox, uidValidity: 1, items: [item(3, 'gamma')], failures: [] });
    expect(db.prepare('SELECT count(*) FROM message_errors').pluck().get()).toBe(0);
    db.close();
  });

  it('stores a message without a usable INTERNALDATE under its Date header, else the import time, flagged', () => {
    const { db, inbox } = archiveWithInbox();
    const write = createBatchWriter(db);
    const dated = Buffer.from('Subject: dated\r\nDate: Tue, 05 Mar 2024 10:00:00 +0000\r\n\r\nhi\r\n');
    const withHeader: BatchItem = {
      ...item(1, 'unused'),
      internalDate: null,
      sha256: createHash('sha256').update(dated).digest(),
      size: dated.byteLength,
      content: toStoredContent(parseMessage(dated), dated),
    };
    const undated = { ...item(2, 'undated'), internalDate: null };
    const before = Date.now();
    const result = write({
      runId: null,
      folderId: inbox,
      uidValidity: 1,
      items: [withHeader, undated],
      failures: [],
    });
    const after = Date.now();
    expect(result).toMatchObject({ new: 2, badInternalDates: 2 });
    const rows = db
      .prepare(
        'SELECT subject, date, date_source, internal_date, internal_date_error FROM messages ORDER BY id',
      )
      .all() as {
      subject: string;
      date: number;
      date_source: string;
      internal_date: number;
      internal_date_error: string;
    }[];
    const header = Date.UTC(2024, 2, 5, 10);
    expect(rows[0]).toMatchObject({ date: header, date_source: 'header', internal_date: header });
    expect(rows[0]?.internal_date_error).toMatch(/no usable INTERNALDATE; the Date header is used/);
    expect(rows[1]?.internal_date).toBeGreaterThanOrEqual(before);
    expect(rows[1]?.internal_date).toBeLessThanOrEqual(after);
    expect(rows[1]).toMatchObject({ date_source: 'internal', date: rows[1]?.internal_date });
    expect(rows[1]?.internal_date_error).toMatch(/the time of import is used/);
    // A copy in another folder without a date takes its message's; a copy with one keeps its own.
    write({
      runId: null,
      folderId: inbox,
      uidValidity: 2,
      items: [
        { ...withHeader, uid: 7, content: null },
        { ...undated, uid: 8, internalDate: Date.UTC(2020, 0, 1), content: null },
      ],
      failures: [],
    });
    const dates = db.prepare(
      'SELECT uid, internal_date FROM memberships WHERE uid_validity = 2 ORDER BY uid',
    );
    expect(dates.all()).toEqual([
      { uid: 7, internal_date: header },
      { uid: 8, internal_date: Date.UTC(2020, 0, 1) },
    ]);
    expect(verifyArchive(db)).toMatchObject({ ok: true });
    db.close();
  });

  it('detects a stored message whose bytes were altered', () => {
    const { db, inbox } = archiveWithInbox();
    createBatchWriter(db)({
      runId: null,
      folderId: inbox,
      uidValidity: 1,
      items: [item(1, 'delta')],
      failures: [],
    });
    db.prepare("UPDATE message_raw SET codec = 'none', data = ?").run(Buffer.from('tampered'));
    expect(verifyArchive(db)).toMatchObject({ ok: false, hashMismatches: [1] });
    db.close();
  });
});

describe('threading after a run', () => {
  it('threads messages left unthreaded by a killed run, and does nothing when all are threaded', () => {
    const { db, inbox } = archiveWithInbox();
    createBatchWriter(db)({
      runId: null,
      folderId: inbox,
      uidValidity: 1,
      items: [item(1, 'eps')],
      failures: [],
    });
    expect(db.prepare('SELECT thread_id FROM messages').pluck().get()).toBeNull();
    expect(rethreadIfNeeded(db, 0)).toBe(true);
    expect(db.prepare('SELECT thread_id FROM messages').pluck().get()).toBe(1);
    expect(rethreadIfNeeded(db, 0)).toBe(false);
    expect(rethreadIfNeeded(db, 3)).toBe(true);
    db.close();
  });
});

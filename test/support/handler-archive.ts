import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { addAccount } from '../../src-main/engine/archive/accounts-repo.ts';
import { ensureFolder } from '../../src-main/engine/archive/folders-repo.ts';
import { createBatchWriter, type BatchItem } from '../../src-main/engine/archive/messages-repo.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { recordScan } from '../../src-main/engine/archive/scans-repo.ts';
import { rethreadArchive } from '../../src-main/engine/archive/threads-repo.ts';
import { parseMessage } from '../../src-main/engine/mime/parse.ts';
import { toStoredContent } from '../../src-main/engine/mime/stored-content.ts';
import { createEventHub, type EventHub } from '../../src-main/handlers/event-hub.ts';
import { createHandlers, type Handlers } from '../../src-main/handlers/index.ts';
import { createMemorySecretStore, type SecretStore } from '../../src-main/engine/secrets/secret-store.ts';
import { createFakeJobManager, type FakeJobManager } from './fake-jobs.ts';

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');

/** A report with text, HTML (with a tracking pixel) and a PDF attachment. */
export const REPORT = crlf([
  'From: Alice <alice@example.org>',
  'To: Bob <bob@example.org>',
  'Subject: Quarterly report',
  'Message-ID: <q1@example.org>',
  'Date: Mon, 1 Jan 2024 10:00:00 +0000',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: multipart/alternative; boundary="b2"',
  '',
  '--b2',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'The quarterly numbers are in.',
  '--b2',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>The <b>quarterly</b> numbers are in.<img src="http://tracker.example/p.gif"></p>',
  '--b2--',
  '--b1',
  'Content-Type: application/pdf; name="report.pdf"',
  'Content-Disposition: attachment; filename="report.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('%PDF-1.4\n').toString('base64'),
  '--b1--',
  '',
]);

export const REPLY = crlf([
  'From: Bob <bob@example.org>',
  'To: Alice <alice@example.org>',
  'Subject: Re: Quarterly report',
  'Message-ID: <q2@example.org>',
  'In-Reply-To: <q1@example.org>',
  'Date: Tue, 2 Jan 2024 10:00:00 +0000',
  '',
  'Thanks, the numbers look fine.',
  '',
]);

export const NEWSLETTER = crlf([
  'From: News <news@example.com>',
  'To: Bob <bob@example.org>',
  'Subject: Weekly zeppelin digest',
  'Message-ID: <n1@example.com>',
  'Date: Wed, 3 Jan 2024 10:00:00 +0000',
  '',
  'All about zeppelins this week.',
  '',
]);

export const WORK = {
  host: 'imap.example.org',
  port: 993,
  security: 'tls' as const,
  user: 'bob@example.org',
};

/** A batch item for `raw`, parsed and packed as an import stores it (INTERNALDATE: January `uid`, 2024). */
export function parsedBatchItem(uid: number, raw: Buffer): BatchItem {
  const parsed = parseMessage(raw);
  return {
    uid,
    internalDate: Date.UTC(2024, 0, uid),
    flags: [],
    sha256: createHash('sha256').update(raw).digest(),
    size: raw.byteLength,
    content: toStoredContent(parsed, raw),
  };
}

export interface HandlerArchive {
  dir: string;
  db: Database.Database;
  reader: Database.Database;
  secrets: SecretStore;
  jobs: FakeJobManager;
  events: EventHub;
  handlers: Handlers;
  logged: unknown[];
  /** the archive's message ids by Message-ID */
  idOf(messageId: string): number;
  close(): void;
}

/**
 * A temp archive with two accounts: "work" holds the report, its reply and the newsletter (and failed on
 * a fourth message); "home" holds the newsletter too (the same bytes, stored once). Handlers run over it with an in-memory keychain and a
 * job manager that runs nothing.
 */
export function createHandlerArchive(): HandlerArchive {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-handlers-'));
  const db = openArchive(dir, { create: true });
  const write = createBatchWriter(db);
  const work = addAccount(db, { name: 'work', ...WORK });
  const home = addAccount(db, { name: 'home', ...WORK, user: 'bob@home.example' });
  const workInbox = ensureFolder(db, work.id, { path: 'INBOX', delimiter: '/', specialUse: '\\Inbox' });
  const homeInbox = ensureFolder(db, home.id, { path: 'INBOX', delimiter: '/', specialUse: '\\Inbox' });
  const items = [parsedBatchItem(1, REPORT), parsedBatchItem(2, REPLY), parsedBatchItem(3, NEWSLETTER)];
  const failures = [{ uid: 4, code: 'fetch-failed', message: 'the server said NO' }];
  write({ runId: null, folderId: workInbox, uidValidity: 1, items, failures });
  recordScan(db, {
    folderId: workInbox,
    uidValidity: 1,
    range: { since: null, before: null },
    inRange: [1, 2, 3, 4],
    filtered: [],
  });
  write({
    runId: null,
    folderId: homeInbox,
    uidValidity: 1,
    items: [parsedBatchItem(7, NEWSLETTER)],
    failures: [],
  });
  rethreadArchive(db);
  const reader = openArchive(dir, { readonly: true });
  const secrets = createMemorySecretStore();
  const events = createEventHub();
  const jobs = createFakeJobManager((job) => {
    events.emit('job:state', job);
  });
  const logged: unknown[] = [];
  const handlers = createHandlers({
    archivePath: dir,
    db,
    reader,
    secrets,
    jobs,
    events,
    version: '9.9.9',
    log: (_what, error) => logged.push(error),
  });
  const ids = db.prepare('SELECT id FROM messages WHERE message_id = ?').pluck();
  return {
    dir,
    db,
    reader,
    secrets,
    jobs,
    events,
    handlers,
    logged,
    idOf: (messageId) => ids.get(messageId) as number,
    close() {
      reader.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledSearch } from '../support/compiled-search.ts';
import { segmentCjk } from '../../src-main/engine/text/cjk.ts';

// The schema the archive uses for search (only the columns the compiled SQL touches).
const SCHEMA = `
  CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE folders (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL, path TEXT NOT NULL, delimiter TEXT);
  CREATE TABLE messages (id INTEGER PRIMARY KEY, size INTEGER, date INTEGER, has_attachments INTEGER, thread_id INTEGER);
  CREATE TABLE memberships (folder_id INTEGER, uid_validity INTEGER, uid INTEGER, message_id INTEGER);
  CREATE VIRTUAL TABLE message_fts USING fts5(subject, sender, to_addrs, cc_addrs, body, filenames,
    tokenize = 'unicode61 remove_diacritics 2');
`;

const ACCOUNTS: [number, string][] = [
  [1, 'Work'],
  [2, 'Personal'],
];
const FOLDERS: [number, number, string, string][] = [
  [1, 1, 'INBOX', '/'],
  [2, 1, 'Archive', '/'],
  [3, 1, 'Archive/2023', '/'],
  [4, 1, 'Archives', '/'],
  [5, 2, 'Old Mail', '.'],
  [6, 2, 'Old Mail.2019', '.'],
  [7, 2, 'Spam', '.'],
  [8, 2, 'Ünïcode Ordner', '.'],
];

interface Row {
  id: number;
  subject: string;
  sender: string;
  to: string;
  cc: string;
  body: string;
  filenames: string;
  size: number;
  date: string;
  att: 0 | 1;
  folders: number[];
}

const ROWS: Row[] = [
  {
    id: 1,
    subject: 'Quarterly report',
    sender: 'Alice Smith <alice@example.com>',
    to: 'bob@example.com',
    cc: '',
    body: 'Please find the quarterly report attached. Revenue grew.',
    filenames: 'report-q1.pdf',
    size: 50_000,
    date: '2024-03-15T10:00:00Z',
    att: 1,
    folders: [1],
  },
  {
    id: 2,
    subject: 'Lunch at the Café',
    sender: 'Bob Jones <bob@example.com>',
    to: 'alice@example.com',
    cc: 'carol@example.com',
    body: 'Meet me at Café Müller at noon.',
    filenames: '',
    size: 2_000,
    date: '2023-07-01T12:00:00Z',
    att: 0,
    folders: [2],
  },
  {
    id: 3,
    subject: 'Report draft',
    sender: 'carol@example.com',
    to: 'alice@example.com',
    cc: 'bob@example.com',
    body: 'The report is a draft. Quarterly numbers pending.',
    filenames: '',
    size: 8_000,
    date: '2024-06-01T00:00:00Z',
    att: 0,
    folders: [3],
  },
  {
    id: 4,
    subject: '定例会議のお知らせ',
    sender: '田中 <tanaka@example.jp>',
    to: 'alice',
    cc: '',
    body: '明日の定例会議は10時からです。',
    filenames: '',
    size: 3_000,
    date: '2024-01-01T00:00:00Z',
    att: 0,
    folders: [4],
  },
  {
    id: 5,
    subject: 'Grüße aus Berlin',
    sender: 'Dieter <dieter@example.de>',
    to: 'alice',
    cc: '',
    body: 'Viele Grüße und schöne Tage',
    filenames: 'urlaub.jpg',
    size: 3_000_000,
    date: '2023-12-31T23:59:59.999Z',
    att: 1,
    folders: [6],
  },
  {
    id: 6,
    subject: 'Buy cheap watches',
    sender: 'spam@spam.example',
    to: 'alice',
    cc: '',
    body: 'cheap watches discount offer',
    filenames: '',
    size: 1_000,
    date: '2024-05-10T08:00:00Z',
    att: 0,
    folders: [7, 8],
  },
  {
    id: 7,
    subject: 'Reporting tools',
    sender: 'dave@example.com',
    to: 'team@example.com',
    cc: '',
    body: 'Our reporting dashboard is live',
    filenames: 'dashboard.png',
    size: 11_000,
    date: '2024-02-01T09:00:00Z',
    att: 1,
    folders: [1, 5],
  },
  {
    id: 8,
    subject: 'Re: lunch',
    sender: 'alice@example.com',
    to: 'bob@example.com',
    cc: '',
    body: 'Yes, lunch sounds good. Report later.',
    filenames: '',
    size: 10_240,
    date: '2022-11-20T18:00:00Z',
    att: 0,
    folders: [2],
  },
];

let db: Database.Database;

beforeAll(() => {
  db = new Database(':memory:');
  db.exec(SCHEMA);
  const account = db.prepare('INSERT INTO accounts (id, name) VALUES (?, ?)');
  for (const row of ACCOUNTS) account.run(...row);
  const folder = db.prepare('INSERT INTO folders (id, account_id, path, delimiter) VALUES (?, ?, ?, ?)');
  for (const row of FOLDERS) folder.run(...row);
  const message = db.prepare('INSERT INTO messages (id, size, date, has_attachments) VALUES (?, ?, ?, ?)');
  const membership = db.prepare(
    'INSERT INTO memberships (folder_id, uid_validity, uid, message_id) VALUES (?, 1, ?, ?)',
  );
  const fts = db.prepare(
    'INSERT INTO message_fts (rowid, subject, sender, to_addrs, cc_addrs, body, filenames) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  for (const row of ROWS) {
    message.run(row.id, row.size, Date.parse(row.date), row.att);
    for (const folderId of row.folders) membership.run(folderId, row.id, row.id);
    const text = [row.subject, row.sender, row.to, row.cc, row.body, row.filenames].map(segmentCjk);
    fts.run(row.id, ...text);
  }
});

afterAll(() => {
  db.close();
});

const search = (query: string): number[] => compiledSearch(db, query);

const ALL = ROWS.map((row) => row.id);
const except = (...ids: number[]): number[] => ALL.filter((id) => !ids.includes(id));

function cases(table: [string, number[]][]): void {
  it.each(table)('%s', (query, expected) => {
    expect(search(query)).toEqual(expected);
  });
}

describe('text search', () => {
  cases([
    ['report', [1, 3, 8]],
    ['report quarterly', [1, 3]],
    ['"quarterly report"', [1]],
    ['"report quarterly"', []],
    ['report*', [1, 3, 7, 8]],
    ['REPORT', [1, 3, 8]],
    ['cafe', [2]],
    ['CAFÉ', [2]],
    ['muller', [2]],
    ['grüße', [5]],
    ['Schone', [5]],
    ['会議', [4]],
    ['定例', [4]],
    ['議会', []],
    ['お知*', [4]],
    ['"定例会議は10時"', [4]],
    ['watches OR lunch', [2, 6, 8]],
    ['report -draft', [1, 8]],
    ['report (draft OR attached)', [1, 3]],
    ['report -(draft OR lunch)', [1]],
    ['watches OR (report -draft)', [1, 6, 8]],
    ['lunch report OR cheap', [6, 8]],
    ['"c++ & co" OR "it\'s" OR x*y', []],
  ]);
});

describe('fields', () => {
  cases([
    ['from:alice', [1, 8]],
    ['from:ali*', [1, 8]],
    ['from:bob', [2]],
    ['to:bob', [1, 8]],
    ['to:alice', [2, 3, 4, 5, 6]],
    ['cc:bob', [3]],
    ['subject:report', [1, 3]],
    ['subject:"quarterly report"', [1]],
    ['subject:lunch', [2, 8]],
    ['body:lunch', [8]],
    ['body:report', [1, 3, 8]],
    ['filename:pdf', [1]],
    ['filename:dashboard', [7]],
    ['subject:(lunch OR watches)', [2, 6, 8]],
    ['from:田中', [4]],
  ]);
});

describe('folders and accounts', () => {
  cases([
    ['folder:Archive', [2, 3, 8]],
    ['folder:Archive/2023', [3]],
    ['folder:Archives', [4]],
    ['folder:Arch', []],
    ['folder:"Old Mail"', [5, 7]],
    ['folder:"Old Mail.2019"', [5]],
    ['folder:inbox', [1, 7]],
    // Names compare folded and by whole words, as the text index does: a word is never cut.
    ['folder:Old', [5, 7]],
    ['folder:"old mail"', [5, 7]],
    ['folder:archive', [2, 3, 8]],
    ['folder:Unicode', [6]],
    ['folder:"unicode ordner"', [6]],
    ['folder:Ordn', []],
    ['account:Personal', [5, 6, 7]],
    ['account:work', [1, 2, 3, 4, 7, 8]],
    ['account:Nobody', []],
    ['report folder:Archive', [3, 8]],
  ]);
});

describe('attachments, dates, sizes', () => {
  cases([
    ['has:attachment', [1, 5, 7]],
    ['after:2024', [1, 3, 4, 6, 7]],
    ['before:2024', [2, 5, 8]],
    ['before:2024-06', except(3)],
    ['after:2024 before:2024-06', [1, 4, 6, 7]],
    ['after:2024-03-15', [1, 3, 6]],
    ['before:2024-03-15', [2, 4, 5, 7, 8]],
    ['larger:10k', [1, 5, 7]],
    ['smaller:10k', [2, 3, 4, 6]],
    ['larger:2M', [5]],
    ['larger:2m smaller:3M', [5]],
    ['smaller:1K', [6]],
    ['report has:attachment larger:10k', [1]],
  ]);
});

describe('negation-only and mixed OR queries', () => {
  cases([
    ['-report', except(1, 3, 8)],
    ['-"quarterly report"', except(1)],
    ['-report -cheap', [2, 4, 5, 7]],
    ['-has:attachment', [2, 3, 4, 6, 8]],
    ['-folder:Archive', [1, 4, 5, 6, 7]],
    ['-account:Work', [5, 6]],
    ['-(from:alice OR folder:Spam)', [2, 3, 4, 5, 7]],
    ['watches OR has:attachment', [1, 5, 6, 7]],
    ['from:bob OR folder:Spam', [2, 6]],
    ['report OR (cafe larger:1k)', [1, 2, 3, 8]],
    ['(lunch OR after:2024-05) -cheap', [2, 3, 8]],
  ]);
});

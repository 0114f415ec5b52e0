import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FolderInfo, ImportSummary } from '../../src-shared/domain.ts';
import { json, jsonLines, runCli, type CliResult } from '../support/cli.ts';
import {
  startGmailDouble,
  totalBodyFetches,
  type GmailDouble,
  type GmailMessage,
  type GmailOptions,
} from '../support/gmail-imap.ts';

const PASSWORD = 'pw';
const at = (day: number): Date => new Date(Date.UTC(2024, 2, day, 10));

/** A small Gmail account: one message in three label folders, a thread, unlabelled mail, Spam and Trash. */
const MESSAGES: GmailMessage[] = [
  { msgId: '1001', thrId: '900', labels: ['\\Inbox', 'Büro', '\\Important'], subject: 'Plan', date: at(1) },
  // Same Gmail thread, no header linking it: only X-GM-THRID can join them.
  { msgId: '1002', thrId: '900', labels: ['\\Sent'], subject: 'Something else', date: at(2) },
  { msgId: '1003', thrId: '901', labels: ['Work', 'Work/Travel'], subject: 'Trip', date: at(3) },
  { msgId: '1004', thrId: '902', labels: [], subject: 'Archived only', date: at(4) },
  { msgId: '1005', thrId: '903', labels: ['\\Inbox', 'Work'], subject: 'Report', date: at(5) },
  { msgId: '2001', thrId: '990', labels: [], subject: 'Cheap pills', date: at(6), bin: 'spam' },
  { msgId: '2002', thrId: '991', labels: [], subject: 'Old draft', date: at(7), bin: 'trash' },
];
const IN_ALL = MESSAGES.filter((m) => !m.bin).map((m) => m.msgId);

interface Listing {
  subject: string;
  threadId: number;
  folders: string[];
  labels: string[];
  gmMsgId: string | null;
}

let tmp: string;
let gmail: GmailDouble | null = null;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-gmail-'));
});
afterEach(async () => {
  await gmail?.stop();
  gmail = null;
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Starts the double and adds it as account "g" to a new archive; returns the CLI bound to both. */
async function setUp(options: Partial<GmailOptions> = {}): Promise<(args: string[]) => Promise<CliResult>> {
  gmail = await startGmailDouble({ user: 'me', password: PASSWORD, messages: MESSAGES, ...options });
  const archive = path.join(tmp, 'archive');
  const cli = (args: string[]): Promise<CliResult> =>
    runCli(['--archive', archive, ...args], { env: { MAILTROVE_PASSWORD: PASSWORD } });
  const added = await cli(
    ['account', 'add', 'g', '--host', gmail.host, '--port', String(gmail.port)].concat([
      '--security',
      'none',
      '--user',
      'me',
    ]),
  );
  expect(added.code, added.stderr).toBe(0);
  return cli;
}

async function importJson(
  cli: (args: string[]) => Promise<CliResult>,
  args: string[] = [],
): Promise<ImportSummary> {
  const result = await cli(['import', 'g', '--json', ...args]);
  expect(result.code, result.stderr).toBe(0);
  return json<ImportSummary>(result);
}

async function listing(cli: (args: string[]) => Promise<CliResult>): Promise<Map<string, Listing>> {
  const result = await cli(['messages', '--json']);
  expect(result.code, result.stderr).toBe(0);
  return new Map(jsonLines<Listing>(result).map((m) => [m.subject, m]));
}

async function searchSubjects(cli: (args: string[]) => Promise<CliResult>, query: string): Promise<string[]> {
  const result = await cli(['search', query, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return jsonLines<{ subject: string }>(result)
    .map((h) => h.subject)
    .sort();
}

// Each test runs the CLI five to eight times, a few seconds each on a loaded 2-core machine.
describe('a Gmail account (X-GM-EXT-1)', { timeout: 120_000 }, () => {
  it('downloads All Mail once, found by its flag, and nothing on a second run', async () => {
    const cli = await setUp();
    const double = gmail as GmailDouble;
    // The preview plans as the import does: All Mail alone, each message once, nothing downloaded.
    const preview = await importJson(cli, ['--dry-run']);
    expect(preview.folders.map((f) => f.path)).toEqual([double.paths.all]);
    expect(preview.toFetch).toBe(IN_ALL.length);
    expect(totalBodyFetches(double)).toBe(0);
    const loginsBefore = double.logins.length;
    const summary = await importJson(cli);
    // Gmail shares about 15 connections among all of the user's clients: the import takes at most 3.
    expect(double.logins.length - loginsBefore).toBeLessThanOrEqual(3);
    // Each message of All Mail exactly once, none from a label folder, Spam or Trash.
    expect(Object.fromEntries(double.bodyFetches)).toEqual(Object.fromEntries(IN_ALL.map((id) => [id, 1])));
    expect(summary.folders.map((f) => f.path)).toEqual([double.paths.all]);
    expect(summary).toMatchObject({ new: 5, failed: 0 });
    // No label folder was even opened: their messages are archived via All Mail.
    expect(double.commands.filter((c) => /(EXAMINE|SELECT) "?INBOX/i.test(c))).toEqual([]);

    // The folder tree still shows the labels, each saying where its mail is archived.
    const tree = await cli(['folders', 'g', '--json']);
    expect(tree.code, tree.stderr).toBe(0);
    const via = new Map(json<FolderInfo[]>(tree).map((f) => [f.path, f.archivedVia ?? null]));
    expect(via.get('INBOX')).toBe(double.paths.all);
    expect(via.get('Büro')).toBe(double.paths.all);
    expect(via.get(double.paths.all)).toBe(null);
    expect(via.get(double.paths.spam)).toBe(null);
    // Gmail's \Important folder is known by its LIST flag (imapflow reads only RFC 6154's), so mail read
    // in it is labelled \Important, never by the folder's localised name.
    const uses = new Map(json<FolderInfo[]>(tree).map((f) => [f.path, f.specialUse]));
    expect(uses.get('[Gmail]/Wichtig')).toBe('\\Important');

    const again = await importJson(cli);
    expect(totalBodyFetches(double)).toBe(IN_ALL.length);
    expect(again).toMatchObject({ fetched: 0, new: 0 });
  });

  it('keeps exact labels and Gmail ids, threads by X-GM-THRID, and finds mail by label:', async () => {
    const cli = await setUp();
    const double = gmail as GmailDouble;
    await importJson(cli);
    const messages = await listing(cli);
    expect(messages.get('Plan')).toMatchObject({
      labels: ['Büro', '\\Important', '\\Inbox'],
      gmMsgId: '1001',
      folders: [double.paths.all],
    });
    expect(messages.get('Trip')?.labels).toEqual(['Work', 'Work/Travel']);
    expect(messages.get('Archived only')?.labels).toEqual([]);
    // X-GM-THRID joins what no header joins.
    expect(messages.get('Something else')?.threadId).toBe(messages.get('Plan')?.threadId);
    expect(messages.get('Trip')?.threadId).not.toBe(messages.get('Plan')?.threadId);

    expect(await searchSubjects(cli, 'label:büro')).toEqual(['Plan']);
    expect(await searchSubjects(cli, 'label:work')).toEqual(['Report', 'Trip']);
  });

  it('downloads Spam or Trash only when chosen, and then as folders of their own', async () => {
    const cli = await setUp();
    const double = gmail as GmailDouble;
    await importJson(cli);
    expect(double.bodyFetches.has('2001')).toBe(false);
    expect(double.bodyFetches.has('2002')).toBe(false);
    const summary = await importJson(cli, ['--folders', double.paths.spam]);
    expect(summary.folders.map((f) => f.path)).toEqual([double.paths.spam]);
    expect(double.bodyFetches.get('2001')).toBe(1);
    expect(double.bodyFetches.has('2002')).toBe(false);
    expect(totalBodyFetches(double)).toBe(IN_ALL.length + 1);
    expect((await listing(cli)).get('Cheap pills')?.folders).toEqual([double.paths.spam]);
  });

  it('choosing labels downloads only the messages that carry them, each once', async () => {
    const cli = await setUp();
    const double = gmail as GmailDouble;
    const summary = await importJson(cli, ['--folders', 'Work,Büro']);
    expect(summary.folders.map((f) => f.path)).toEqual([double.paths.all]);
    expect(Object.fromEntries(double.bodyFetches)).toEqual({ '1001': 1, '1003': 1, '1005': 1 });
    expect([...(await listing(cli)).keys()].sort()).toEqual(['Plan', 'Report', 'Trip']);
    // The rest of All Mail was not chosen: a later run of everything still brings it.
    await importJson(cli);
    expect(Object.fromEntries(double.bodyFetches)).toEqual(Object.fromEntries(IN_ALL.map((id) => [id, 1])));
  });

  it('a later run takes label changes from CONDSTORE without downloading any body again', async () => {
    const cli = await setUp();
    const double = gmail as GmailDouble;
    await importJson(cli);
    double.relabel('1003', ['Work', 'Ärger']);
    double.relabel('1004', ['\\Starred']);
    const again = await importJson(cli);
    expect(again).toMatchObject({ fetched: 0, new: 0, failed: 0 });
    expect(totalBodyFetches(double)).toBe(IN_ALL.length);
    expect(double.commands.some((c) => /CHANGEDSINCE/i.test(c))).toBe(true);
    const messages = await listing(cli);
    expect(messages.get('Trip')?.labels).toEqual(['Work', 'Ärger']);
    expect(messages.get('Archived only')?.labels).toEqual(['\\Starred']);
    expect(messages.get('Plan')?.labels).toEqual(['Büro', '\\Important', '\\Inbox']);
    expect(await searchSubjects(cli, 'label:arger')).toEqual(['Trip']);
    expect(await searchSubjects(cli, 'label:work/travel')).toEqual([]);
    // New labels are not new mail: All Mail stays known complete, and the next run skips it whole.
    const third = await importJson(cli);
    expect(third.folders.map((f) => f.decision)).toEqual([expect.stringMatching(/^skip/)]);
  });

  it('with All Mail hidden from IMAP, reads the label folders and still downloads each message once', async () => {
    const cli = await setUp({ hideAll: true });
    const double = gmail as GmailDouble;
    const summary = await importJson(cli);
    // "Archived only" is in no label folder: without All Mail, IMAP cannot reach it.
    const reachable = IN_ALL.filter((id) => id !== '1004');
    expect(Object.fromEntries(double.bodyFetches)).toEqual(
      Object.fromEntries(reachable.map((id) => [id, 1])),
    );
    expect(summary).toMatchObject({ new: reachable.length, failed: 0 });

    const messages = await listing(cli);
    expect(messages.get('Plan')).toMatchObject({
      labels: ['Büro', '\\Important', '\\Inbox'],
      folders: ['Büro', 'INBOX', '[Gmail]/Wichtig'],
    });
    expect(messages.get('Report')).toMatchObject({ labels: ['Work', '\\Inbox'], folders: ['INBOX', 'Work'] });
    expect(await searchSubjects(cli, 'label:important')).toEqual(['Plan']);

    const again = await importJson(cli);
    expect(totalBodyFetches(double)).toBe(reachable.length);
    expect(again).toMatchObject({ fetched: 0, new: 0 });
  });
});

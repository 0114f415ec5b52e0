import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryProblems } from '../../src-shared/counts.ts';
import type { ImportSummary, MessageErrorEntry } from '../../src-shared/domain.ts';
import { json, jsonLines, runCli, type CliResult } from '../support/cli.ts';
import { startFakeImap, type FakeFolder, type FakeImapServer } from '../support/fake-imap.ts';

interface Listing {
  sha256: string;
  subject: string;
  date: string;
  dateSource: string;
  internalDate: string;
  internalDateError: string | null;
  folders: string[];
}

const PASSWORD = 'pw';
const TWO_TO_THE_64_PLUS_1 = '18446744073709551617';

const mail = (subject: string, date: string | null): string =>
  `From: a@example.com\r\nTo: b@example.com\r\nSubject: ${subject}\r\n` +
  (date === null ? '' : `Date: ${date}\r\n`) +
  `Message-ID: <${subject.replace(/\W/g, '-')}@example.com>\r\n\r\n${subject}\r\n`;
const day = (d: number): Date => new Date(Date.UTC(2024, 0, d, 10));

/** Every way the fake server is wrong, each in its own place; everything else about it is ordinary. */
const FOLDERS: FakeFolder[] = [
  {
    path: 'INBOX',
    uidValidity: '7',
    messages: [
      { uid: 1, raw: mail('good one', 'Mon, 01 Jan 2024 10:00:00 +0000'), internalDate: day(1) },
      { uid: 2, raw: mail('garbage date', 'Tue, 02 Jan 2024 10:00:00 +0000'), internalDate: '"garbage"' },
      { uid: 3, raw: mail('no date at all', null), internalDate: 'NIL' },
      { uid: 4, raw: mail('epoch date', 'Thu, 04 Jan 2024 10:00:00 +0000'), internalDate: new Date(0) },
    ],
  },
  {
    path: 'Minus',
    uidValidity: '-1',
    messages: [{ uid: 1, raw: mail('in Minus', null), internalDate: day(5) }],
  },
  {
    path: 'Huge',
    uidValidity: TWO_TO_THE_64_PLUS_1,
    messages: [{ uid: 1, raw: mail('in Huge', null), internalDate: day(6) }],
  },
  {
    path: 'Odd',
    uidValidity: '3',
    uidNext: null,
    messages: [
      { uid: 0, raw: mail('UID zero', null), internalDate: day(7) },
      { uid: 5, raw: mail('fine in Odd', null), internalDate: day(8) },
    ],
  },
  {
    path: 'Sent',
    uidValidity: '11',
    specialUse: '\\Sent',
    messages: [{ uid: 9, raw: mail('sent one', null), internalDate: day(9) }],
  },
];
const sha = (raw: string): string => createHash('sha256').update(raw).digest('hex');
const messagesIn = (paths: string[]): string[] =>
  FOLDERS.filter((f) => paths.includes(f.path)).flatMap((f) => f.messages.map((m) => String(m.raw)));

describe('an import from a server that sends values that cannot be right', () => {
  let server: FakeImapServer;
  let tmp: string;
  let archive: string;
  const cli = (args: string[]): Promise<CliResult> =>
    runCli(['--archive', archive, ...args], { env: { MAILTROVE_PASSWORD: PASSWORD } });

  beforeAll(async () => {
    server = await startFakeImap({ user: 'alice', password: PASSWORD, folders: FOLDERS });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-server-values-'));
    archive = path.join(tmp, 'archive');
    const added = await cli(
      ['account', 'add', 'fake', '--host', server.host, '--port', String(server.port)].concat([
        '--security',
        'none',
        '--user',
        'alice',
      ]),
    );
    expect(added.code, added.stderr).toBe(0);
  });

  afterAll(async () => {
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('archives every other message, the bogus dates with a fallback and a flag, and exits 1', async () => {
    const started = Date.now();
    const result = await cli(['import', 'fake', '--json']);
    const finished = Date.now();
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).not.toMatch(/could not be written|NOT NULL/);
    const summary = json<ImportSummary>(result);
    expect(summary).toMatchObject({ failedFolders: 2, badInternalDates: 3, failed: 1 });
    // The counts still add up: a skipped folder was never searched (all 0, with its error), and the UID no
    // message can have is in range, to download and failed.
    expect(summaryProblems(summary)).toEqual([]);
    expect(summary.folders.find((f) => f.path === 'Minus')).toMatchObject({
      uidValidity: null,
      inRange: 0,
      toFetch: 0,
      new: 0,
      error: expect.stringContaining('UIDVALIDITY -1') as unknown,
    });
    expect(summary.folders.find((f) => f.path === 'Odd')).toMatchObject({ failed: 1 });

    const listed = jsonLines<Listing>(await cli(['messages']));
    const expected = messagesIn(['INBOX', 'Odd', 'Sent']).filter((raw) => !raw.includes('UID zero'));
    expect(listed.map((m) => m.sha256).sort()).toEqual(expected.map(sha).sort());
    const bySubject = new Map(listed.map((m) => [m.subject, m]));
    expect(bySubject.get('good one')).toMatchObject({
      internalDate: day(1).toISOString(),
      internalDateError: null,
    });
    // No usable INTERNALDATE: the Date header stands in...
    for (const [subject, date] of [
      ['garbage date', day(2)],
      ['epoch date', day(4)],
    ] as const) {
      const message = bySubject.get(subject);
      expect(message?.internalDate, subject).toBe(date.toISOString());
      expect(message?.internalDateError, subject).toMatch(/no usable INTERNALDATE; the Date header is used/);
    }
    // ...else the time of import.
    const undated = bySubject.get('no date at all');
    expect(Date.parse(undated?.internalDate ?? '')).toBeGreaterThanOrEqual(started - 1000);
    expect(Date.parse(undated?.internalDate ?? '')).toBeLessThanOrEqual(finished);
    expect(undated?.internalDateError).toMatch(/the time of import is used/);
    expect(server.unknown).toEqual([]);
  });

  it('explains in status and errors what the server sent and which server it was', async () => {
    const status = await cli(['status', 'fake']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/Minus\s+skipped/);
    expect(status.stdout).toContain(`The server ${server.host} sent UIDVALIDITY -1 for the folder "Minus"`);
    expect(status.stdout).toContain(`sent UIDVALIDITY ${TWO_TO_THE_64_PLUS_1} for the folder "Huge"`);
    expect(status.stdout).toMatch(/INBOX: 3 message\(s\)/);

    const errors = jsonLines<MessageErrorEntry>(await cli(['errors', 'fake', '--json']));
    const byFolder = new Map(errors.map((e) => [e.folder, e]));
    expect(byFolder.get('Minus')).toMatchObject({ uid: null, code: 'bad-uidvalidity', attempts: 1 });
    expect(byFolder.get('Huge')?.message).toContain(
      `${server.host} sent UIDVALIDITY ${TWO_TO_THE_64_PLUS_1}`,
    );
    expect(byFolder.get('Odd')).toMatchObject({ uid: null, code: 'bad-uid' });
    expect(byFolder.get('Odd')?.message).toContain(`${server.host} listed UIDs in the folder "Odd"`);
    const table = await cli(['errors', 'fake']);
    expect(table.stdout).toMatch(/Minus\s+-\s+bad-uidvalidity/);
  });

  it('--resume goes on without repeating a fatal error: the same folders are skipped, nothing is lost', async () => {
    const result = await cli(['import', 'fake', '--resume', '--json']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).not.toMatch(/could not be written|NOT NULL/);
    const resumed = json<ImportSummary>(result);
    expect(resumed).toMatchObject({ new: 0, failedFolders: 2 });
    expect(summaryProblems(resumed)).toEqual([]);
    const errors = jsonLines<MessageErrorEntry>(await cli(['errors', 'fake', '--json']));
    expect(errors.find((e) => e.folder === 'Minus')?.attempts).toBe(2);
    expect(jsonLines<Listing>(await cli(['messages']))).toHaveLength(6);
  });
});

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderInfo, ImportSummary } from '../../src-shared/domain.ts';
import { json, jsonLines, runCli, type CliResult } from '../support/cli.ts';
import { CORPUS_FOLDERS, type CorpusMessage } from '../support/corpus.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';

interface Listing {
  sha256: string;
  folders: string[];
  parseError: string | null;
  messageId: string | null;
  date: string;
  internalDate: string;
  dateSource: string;
}

const NOT_BY_DEFAULT = new Set(['Junk', 'Trash']);
const PASSWORD = 'correct horse';

/** The folders of a corpus message that a default import reads. */
const defaultFolders = (m: CorpusMessage): string[] => m.folders.filter((f) => !NOT_BY_DEFAULT.has(f)).sort();
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const fileSha = (file: string): string => sha(fs.readFileSync(file));

describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')('import from a real Dovecot', () => {
  let mailbox: TestMailbox;
  let corpus: CorpusMessage[];
  let tmp: string;
  let archive: string;
  const env = { MAILTROVE_PASSWORD: PASSWORD };
  const cli = (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
    mailbox.cli(archive, args, extraEnv);

  beforeAll(async () => {
    mailbox = await startTestMailbox({
      user: 'alice',
      password: PASSWORD,
      corpus: { count: 160, bigAttachments: 2, now: new Date() },
    });
    ({ corpus, tmp } = mailbox);
    archive = await mailbox.newArchive('archive');
  });

  afterAll(async () => {
    await mailbox.stop();
  });

  it('lists every folder decoded, with special use, counts and sizes; Junk and Trash unticked', async () => {
    const result = await cli(['folders', 'alice', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const folders = json<FolderInfo[]>(result);
    const byPath = new Map(folders.map((f) => [f.path, f]));
    for (const name of CORPUS_FOLDERS) {
      const folder = byPath.get(name);
      expect(folder, `folder ${name}`).toBeDefined();
      const expected = corpus.filter((m) => m.folders.includes(name));
      expect(folder?.messages).toBe(expected.length);
      expect(folder?.bytes).toBe(expected.reduce((s, m) => s + m.raw.byteLength, 0));
    }
    expect(byPath.get('INBOX')?.specialUse).toBe('\\Inbox');
    expect(byPath.get('Sent')?.specialUse).toBe('\\Sent');
    expect(byPath.get('Junk')).toMatchObject({ specialUse: '\\Junk', defaultSelected: false });
    expect(byPath.get('Trash')).toMatchObject({ specialUse: '\\Trash', defaultSelected: false });
    expect(byPath.get('日本語')?.defaultSelected).toBe(true);
  });

  it('dry run reports the plan and writes nothing', async () => {
    const file = path.join(archive, 'mailtrove.sqlite');
    const before = { sha: fileSha(file), entries: fs.readdirSync(archive).sort() };
    const result = await cli(['import', 'alice', '--dry-run', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const summary = json<ImportSummary>(result);
    const expected = corpus.filter((m) => defaultFolders(m).length > 0);
    const memberships = expected.reduce((n, m) => n + defaultFolders(m).length, 0);
    expect(summary).toMatchObject({ dryRun: true, inRange: memberships, toFetch: memberships, fetched: 0 });
    expect(summary.toFetchBytes).toBe(
      expected.reduce((n, m) => n + m.raw.byteLength * defaultFolders(m).length, 0),
    );
    expect(summary.bytes).toBe(0);
    expect(summary.estimatedSeconds).toBeGreaterThanOrEqual(0);
    expect({ sha: fileSha(file), entries: fs.readdirSync(archive).sort() }).toEqual(before);
  });

  it('imports exactly the server: each message once, with one membership per folder', async () => {
    const result = await cli(['import', 'alice', '--json', '--batch-size', '25']);
    expect(result.code, result.stderr).toBe(0);
    const summary = json<ImportSummary>(result);
    const expected = corpus.filter((m) => defaultFolders(m).length > 0);
    const memberships = expected.reduce((n, m) => n + defaultFolders(m).length, 0);
    expect(summary).toMatchObject({
      dryRun: false,
      inRange: memberships,
      fetched: memberships,
      new: expected.length,
      sameContent: memberships - expected.length,
      alreadyArchived: 0,
      failed: 0,
      parseFailed: expected.filter((m) => m.parseShouldFail).length,
    });
    const listed = jsonLines<Listing>(await cli(['messages']));
    expect(listed.map((m) => m.sha256).sort()).toEqual(expected.map((m) => m.sha256).sort());
    const bySha = new Map(listed.map((m) => [m.sha256, m]));
    for (const message of expected) {
      const stored = bySha.get(message.sha256);
      expect(stored?.folders, message.kind).toEqual(defaultFolders(message));
      expect(stored?.parseError !== null, `${message.kind} flagged`).toBe(message.parseShouldFail);
      expect(stored?.messageId).toBe(message.messageId);
      expect(Date.parse(stored?.internalDate ?? '')).toBe(
        Math.floor(message.internalDate.getTime() / 1000) * 1000,
      );
    }
  });

  it('falls back to INTERNALDATE, never to "now", for missing or impossible Date headers', () => {
    const db = new Database(path.join(archive, 'mailtrove.sqlite'), { readonly: true });
    const stored = db.prepare('SELECT date, date_source, internal_date FROM messages WHERE sha256 = ?');
    const badDates = corpus.filter((m) => m.kind === 'bad-date' && defaultFolders(m).length > 0);
    expect(badDates.length).toBeGreaterThanOrEqual(2);
    for (const message of badDates) {
      const header = /^Date: (.*)$/m.exec(message.raw.toString('latin1'))?.[1];
      const row = stored.get(Buffer.from(message.sha256, 'hex')) as {
        date: number;
        date_source: string;
        internal_date: number;
      };
      const unusable = header === undefined || /not a date|25:61:99|1970/.test(header);
      expect(row.date_source, header).toBe(unusable ? 'internal' : 'header');
      if (unusable) expect(row.date).toBe(row.internal_date);
    }
    db.close();
  });

  it('a re-run downloads nothing and adds nothing', async () => {
    const summary = json<ImportSummary>(await cli(['import', 'alice', '--json']));
    expect(summary).toMatchObject({ fetched: 0, new: 0, failed: 0, toFetch: 0 });
    expect(summary.alreadyArchived).toBe(summary.inRange);
    expect(summary.folders.every((f) => f.decision.startsWith('skip'))).toBe(true);
  });

  it('exports every message byte-identical to the server copy, and verify passes', async () => {
    const out = path.join(tmp, 'eml');
    const result = await cli(['export', '--format', 'eml', '--out', out, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const exported = fs.readdirSync(out).map((f) => fileSha(path.join(out, f)));
    const expected = corpus.filter((m) => defaultFolders(m).length > 0).map((m) => m.sha256);
    expect(exported.sort()).toEqual(expected.sort());
    const verify = await cli(['verify', '--json']);
    expect(verify.code, verify.stdout).toBe(0);
    expect(json<{ ok: boolean; messages: number }>(verify)).toMatchObject({
      ok: true,
      messages: expected.length,
    });
  });

  it('status shows every folder complete with server and archive counts equal', async () => {
    const status = json<{
      folders: { path: string; complete: boolean; onServer: number; archived: number }[];
    }>(await cli(['status', 'alice', '--json']));
    for (const folder of status.folders) {
      expect(folder.complete, folder.path).toBe(true);
      expect(folder.archived, folder.path).toBe(folder.onServer);
    }
  });

  it('refuses a wrong password at once with exit 3', async () => {
    const started = Date.now();
    const result = await cli(['import', 'alice'], { MAILTROVE_PASSWORD: 'wrong' });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/rejected the login for alice/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('explains unknown accounts, unreachable hosts and bad flags', async () => {
    expect((await cli(['import', 'bob'])).code).toBe(2);
    expect((await cli(['import', 'alice', '--since', '2024-13-01'])).code).toBe(2);
    expect((await cli(['import', 'alice', '--folders', 'Nope'])).code).toBe(2);
    expect((await cli(['import', 'alice', '--bogus'])).code).toBe(2);
    const other = path.join(tmp, 'unreachable');
    await runCli([
      '--archive',
      other,
      'account',
      'add',
      'x',
      '--host',
      '127.0.0.1',
      '--port',
      '1',
      '--user',
      'x',
      '--security',
      'none',
    ]);
    const refused = await runCli(['--archive', other, 'import', 'x'], { env });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/Cannot connect to 127\.0\.0\.1:1/);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zeroCounts } from '../../src-shared/counts.ts';
import {
  defaultImportOptions,
  type ImportProgress,
  type ImportSummary,
  type JobInfo,
} from '../../src-shared/domain.ts';
import { appendRunLog, readRunLog, runLogFile } from '../../src-main/engine/logs/run-log-file.ts';
import { startRunLog } from '../../src-main/engine/logs/run-log.ts';
import { addAccount } from '../../src-main/engine/archive/accounts-repo.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { MailtroveError } from '../../src-main/engine/errors.ts';
import { createJobManager } from '../../src-main/engine/jobs/job-manager.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-runlog-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const line = (at: string, account = 'work', type: 'start' | 'summary' = 'start') => ({
  type,
  at,
  account,
  jobId: 1,
});

describe('run log file', () => {
  it('appends one JSON line per event into the month of the event', () => {
    appendRunLog(dir, line('2026-11-30T23:59:59.000Z'));
    appendRunLog(dir, line('2026-12-01T00:00:01.000Z', 'home'));
    appendRunLog(dir, line('2026-12-01T00:05:00.000Z', 'work', 'summary'));
    expect(fs.readdirSync(path.join(dir, 'logs')).sort()).toEqual(['2026-11.jsonl', '2026-12.jsonl']);
    const december = fs.readFileSync(runLogFile(dir, new Date('2026-12-15T00:00:00Z')), 'utf8');
    expect(december.split('\n')).toHaveLength(3);
    expect(readRunLog(dir).map((l) => l.at)).toEqual([
      '2026-11-30T23:59:59.000Z',
      '2026-12-01T00:00:01.000Z',
      '2026-12-01T00:05:00.000Z',
    ]);
  });

  it('filters by account and by a moment, across months', () => {
    appendRunLog(dir, line('2026-10-01T10:00:00.000Z'));
    appendRunLog(dir, line('2026-11-02T10:00:00.000Z', 'home'));
    appendRunLog(dir, line('2026-11-03T10:00:00.000Z'));
    const since = new Date('2026-11-01T00:00:00Z');
    expect(readRunLog(dir, { since }).map((l) => l.account)).toEqual(['home', 'work']);
    expect(readRunLog(dir, { account: 'work' }).map((l) => l.at.slice(0, 10))).toEqual([
      '2026-10-01',
      '2026-11-03',
    ]);
  });

  it('skips a line torn by a crash, and the next append still starts a whole line', () => {
    appendRunLog(dir, line('2026-12-01T10:00:00.000Z'));
    const file = runLogFile(dir, new Date('2026-12-01T00:00:00Z'));
    fs.appendFileSync(file, '{"type":"folder","at":"2026-12-01T10:00:01.000Z","acc');
    expect(readRunLog(dir)).toHaveLength(1);
    appendRunLog(dir, line('2026-12-01T10:00:02.000Z', 'work', 'summary'));
    expect(readRunLog(dir).map((l) => l.type)).toEqual(['start', 'summary']);
  });

  it('reads nothing, without an error, when no run was logged', () => {
    expect(readRunLog(path.join(dir, 'missing'))).toEqual([]);
  });
});

describe('run log of a job', () => {
  const progress = (over: Partial<ImportProgress>): ImportProgress => ({
    phase: 'fetching',
    folder: 'INBOX',
    folderIndex: 0,
    folderCount: 2,
    foldersPlanned: 2,
    done: 0,
    total: 0,
    bytes: 0,
    totalBytes: 0,
    overallDone: 0,
    overallTotal: 0,
    overallBytes: 0,
    overallTotalBytes: 0,
    messagesPerSecond: 0,
    bytesPerSecond: 0,
    etaSeconds: null,
    ...over,
  });

  it('writes start, waits, then a line per folder with its seconds, errors and the summary', () => {
    const db = new Database(path.join(dir, 'mailtrove.sqlite'));
    let clock = Date.parse('2026-12-02T10:00:00Z');
    const job: JobInfo = {
      id: 7,
      account: 'work',
      state: 'running',
      waitingReason: null,
      waitingUntil: null,
      options: defaultImportOptions(),
      retryFailed: false,
      summary: null,
      error: null,
      createdAt: clock,
      updatedAt: clock,
    };
    const log = startRunLog(db, job, () => clock);
    log.progress(progress({ phase: 'planning' }));
    log.progress(progress({ total: 3 }));
    clock += 1500;
    log.progress(progress({ done: 3, total: 3, bytes: 300 }));
    log.progress(progress({ folder: 'Sent', folderIndex: 1, total: 1 }));
    log.wait('throttled by the server', clock + 5000);
    log.resume();
    clock += 500;
    log.progress(progress({ phase: 'stopped', folder: 'Sent' }));
    const folder = (folderPath: string, fetched: number) => ({
      ...zeroCounts(),
      path: folderPath,
      uidValidity: 1,
      decision: 'full',
      toFetch: fetched,
      fetched,
      new: fetched,
      bytes: fetched * 100,
    });
    const summary: ImportSummary = {
      ...zeroCounts(),
      dryRun: false,
      account: 'work',
      folderCount: 3,
      folders: [folder('INBOX', 3), folder('Sent', 1), folder('Archive', 0)],
      fetched: 4,
      new: 4,
      bytes: 400,
      seconds: 2,
    };
    log.end({ ...job, state: 'failed', error: 'The connection dropped.', summary });
    db.close();
    const lines = readRunLog(dir);
    expect(lines.map((l) => l.type)).toEqual([
      'start',
      'wait',
      'resume',
      'folder',
      'folder',
      'folder',
      'error',
      'summary',
    ]);
    expect(lines[0]).toMatchObject({ account: 'work', jobId: 7, options: { folders: null } });
    expect(lines[3]).toMatchObject({ folder: 'INBOX', new: 3, bytes: 300, seconds: 1.5 });
    expect(lines[4]).toMatchObject({ folder: 'Sent', new: 1, bytes: 100, seconds: 0.5 });
    // Planned, not reached: counted, not timed.
    expect(lines[5]).not.toHaveProperty('seconds');
    expect(lines[6]).toMatchObject({ message: 'The connection dropped.' });
    expect(lines[7]).toMatchObject({ state: 'failed', new: 4, bytes: 400 });
  });
});

describe('run log of the job manager', () => {
  it('logs a run that could not start for want of a password: start, error, failed summary', async () => {
    const db = openArchive(dir, { create: true });
    addAccount(db, { name: 'work', host: '127.0.0.1', port: 1, security: 'none', user: 'me' });
    const jobs = createJobManager({
      db,
      passwordFor: () => Promise.reject(new MailtroveError('config', 'No password stored for "work".')),
    });
    await expect(jobs.start('work', defaultImportOptions())).rejects.toThrow(/No password/);
    db.close();
    const lines = readRunLog(dir, { account: 'work' });
    expect(lines.map((l) => l.type)).toEqual(['start', 'error', 'summary']);
    expect(lines[1]).toMatchObject({ message: 'No password stored for "work".' });
    expect(lines[2]).toMatchObject({ state: 'failed' });
  });
});

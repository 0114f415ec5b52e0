import fs from 'node:fs';
import path from 'node:path';

/** One line of a run log: what happened, when, to which account and job; the rest depends on `type`. */
export interface RunLogLine {
  type: 'start' | 'folder' | 'wait' | 'resume' | 'error' | 'summary';
  /** ISO 8601, UTC */
  at: string;
  account: string;
  jobId: number;
  [field: string]: unknown;
}

export const RUN_LOG_DIR = 'logs';

/** The month's file: runs rotate by name, `logs/YYYY-MM.jsonl`, so old months are whole files to keep or drop. */
export function runLogFile(archiveDir: string, at: Date): string {
  const month = at.toISOString().slice(0, 7);
  return path.join(archiveDir, RUN_LOG_DIR, `${month}.jsonl`);
}

/**
 * Appends one line with a single write to a file opened for appending, then fsyncs: a crash leaves at most
 * a torn last line, which the reader skips. A run writes tens of lines, so an fsync each costs nothing.
 */
export function appendRunLog(archiveDir: string, line: RunLogLine): void {
  const file = runLogFile(archiveDir, new Date(line.at));
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const fd = fs.openSync(file, 'a+', 0o600);
  try {
    // A line torn by an earlier crash must not swallow this one: start on a fresh line if needed.
    const size = fs.fstatSync(fd).size;
    const lead = size > 0 && !endsWithNewline(fd, size) ? '\n' : '';
    fs.writeSync(fd, `${lead}${JSON.stringify(line)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function endsWithNewline(fd: number, size: number): boolean {
  const last = Buffer.alloc(1);
  fs.readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

export interface RunLogQuery {
  /** only lines at or after this moment */
  since?: Date;
  /** only this account's lines */
  account?: string;
}

/** Reads the run logs oldest first, skipping months before `since` and any line that is not whole JSON. */
export function readRunLog(archiveDir: string, query: RunLogQuery = {}): RunLogLine[] {
  const dir = path.join(archiveDir, RUN_LOG_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const sinceMonth = query.since?.toISOString().slice(0, 7) ?? '';
  const since = query.since?.getTime() ?? -Infinity;
  const lines: RunLogLine[] = [];
  for (const name of names.filter((n) => /^\d{4}-\d{2}\.jsonl$/.test(n)).sort()) {
    if (name.slice(0, 7) < sinceMonth) continue;
    for (const text of fs.readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      const line = parseLine(text);
      if (line === null || Date.parse(line.at) < since) continue;
      if (query.account !== undefined && line.account !== query.account) continue;
      lines.push(line);
    }
  }
  return lines;
}

function parseLine(text: string): RunLogLine | null {
  if (text.trim() === '') return null;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const line = value as Partial<RunLogLine>;
    if (typeof line.type !== 'string' || typeof line.at !== 'string' || typeof line.account !== 'string') {
      return null;
    }
    return line as RunLogLine;
  } catch {
    // a line torn by a crash mid-write
    return null;
  }
}

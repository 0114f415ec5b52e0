import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../src-shared/domain.ts';
import { progressLine } from '../../src-main/cli/commands/import-report.ts';
import { createOutput } from '../../src-main/cli/output.ts';

const progress = (over: Partial<ImportProgress>): ImportProgress => ({
  phase: 'fetching',
  folder: 'INBOX',
  folderIndex: 0,
  folderCount: 3,
  foldersPlanned: 3,
  done: 120,
  total: 400,
  bytes: 1_200_000,
  totalBytes: 4_000_000,
  overallDone: 120,
  overallTotal: 900,
  overallBytes: 1_200_000,
  overallTotalBytes: 9_000_000,
  messagesPerSecond: 60,
  bytesPerSecond: 600_000,
  etaSeconds: 13,
  ...over,
});

describe('the live progress line of `mailtrove import`', () => {
  it('names the folder being scanned before anything downloads', () => {
    expect(progressLine(progress({ phase: 'planning', folder: 'Sent', folderIndex: 1 }))).toBe(
      'Scanning Sent (2/3)…',
    );
  });

  it('gives counts, bytes, rate and time left once every folder is scanned', () => {
    const line = progressLine(progress({}));
    expect(line).toMatch(/^INBOX 120\/400 · all 120 of 900 messages, /);
    expect(line).toContain('60 msg/s');
    expect(line).toContain('ETA');
    expect(line).not.toContain('at least');
  });

  it('marks the totals as a lower bound while folders are still being scanned', () => {
    const line = progressLine(progress({ foldersPlanned: 1, overallTotal: 400, etaSeconds: null }));
    expect(line).toMatch(/all 120 of at least 400 messages, .* of at least .* ·/);
    expect(line).not.toContain('ETA');
  });
});

describe('waiting notices of `mailtrove import`', () => {
  /** A stream that records what was written, posing as a terminal or as a log file. */
  function stream(isTTY: boolean): { text: () => string; target: NodeJS.WriteStream } {
    let written = '';
    const target = {
      isTTY,
      columns: 80,
      write: (chunk: string) => {
        written += chunk;
        return true;
      },
    } as unknown as NodeJS.WriteStream;
    return { text: () => written, target };
  }

  it('replace each other on a terminal instead of piling up', () => {
    const err = stream(true);
    const out = createOutput(false, stream(false).target, err.target);
    out.notice('Waiting: connection lost; retry 1 in 2 s');
    out.notice('Waiting: connection lost; retry 2 in 4 s');
    expect(err.text()).not.toContain('\n');
    expect(err.text().split('\r\u001b[2K').filter(Boolean)).toEqual([
      'Waiting: connection lost; retry 1 in 2 s',
      'Waiting: connection lost; retry 2 in 4 s',
    ]);
    out.info('Done.');
    expect(err.text().endsWith('\r\u001b[2KDone.\n')).toBe(true);
  });

  it('each get a line of their own in a log', () => {
    const err = stream(false);
    const out = createOutput(false, stream(false).target, err.target);
    out.notice('Waiting: a');
    out.notice('Waiting: b');
    expect(err.text()).toBe('Waiting: a\nWaiting: b\n');
  });
});

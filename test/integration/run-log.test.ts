import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunLogLine } from '../../src-main/engine/logs/run-log-file.ts';
import { jsonLines, type CliResult } from '../support/cli.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';

const PASSWORD = 'log pass';

describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')('run logs of a real import', () => {
  let mailbox: TestMailbox;
  let archive: string;
  const cli = (args: string[]): Promise<CliResult> =>
    mailbox.cli(archive, args, { MAILTROVE_PASSWORD: PASSWORD });

  beforeAll(async () => {
    mailbox = await startTestMailbox({
      user: 'logan',
      password: PASSWORD,
      corpus: { count: 40, bigAttachments: 0, now: new Date() },
    });
    archive = await mailbox.newArchive('archive');
  });

  afterAll(async () => {
    await mailbox.stop();
  });

  it('an import writes start, folder and summary lines that `mailtrove log` shows', async () => {
    const imported = await cli(['import', 'logan']);
    expect(imported.code, imported.stderr).toBe(0);

    const logged = await cli(['log', 'logan', '--json']);
    expect(logged.code, logged.stderr).toBe(0);
    const lines = jsonLines<RunLogLine>(logged);
    expect(lines[0]).toMatchObject({ type: 'start', account: 'logan', options: { dryRun: false } });
    const folders = lines.filter((l) => l.type === 'folder');
    expect(folders.map((l) => l['folder'])).toContain('INBOX');
    const downloaded = folders.reduce((n, l) => n + (l['fetched'] as number), 0);
    expect(folders.find((l) => l['folder'] === 'INBOX')?.['seconds']).toEqual(expect.any(Number));
    const summary = lines.at(-1);
    expect(summary).toMatchObject({ type: 'summary', state: 'completed', failed: 0 });
    expect(summary?.['new']).toBeGreaterThan(0);
    // Every downloaded message is in some folder's line.
    expect(downloaded).toBe(summary?.['fetched'] as number);

    const human = await cli(['log']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/EVENT/);
    expect(human.stdout).toMatch(/logan .* start .* started/);
    expect(human.stdout).toMatch(/summary .* completed: \d+ new, 0 failed/);

    const later = await cli(['log', '--since', '2999-01-01', '--json']);
    expect(later.stdout.trim()).toBe('');
    const bad = await cli(['log', '--since', 'yesterday']);
    expect(bad.code).toBe(2);
  });
});

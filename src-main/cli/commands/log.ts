import path from 'node:path';
import { Command } from 'commander';
import { visibleText } from '../../../src-shared/visible-text.ts';
import { MailtroveError, readRunLog, resolveArchiveFile, type RunLogLine } from '../../engine/api/index.ts';
import { contextOf } from '../context.ts';
import { formatBytes, table } from '../format.ts';

export function logCommand(): Command {
  return new Command('log')
    .description('what the imports did, from the run logs beside the archive (logs/YYYY-MM.jsonl)')
    .argument('[name]', 'account name (default: all)')
    .option('--since <YYYY-MM-DD>', 'only runs from this day (UTC) on', sinceDate)
    .action((name: string | undefined, flags: { since?: Date }, command: Command) => {
      const { archivePath, out } = contextOf(command);
      const archiveDir = path.dirname(resolveArchiveFile(archivePath));
      const lines = readRunLog(archiveDir, {
        ...(flags.since ? { since: flags.since } : {}),
        ...(name === undefined ? {} : { account: name }),
      });
      if (out.json) {
        for (const line of lines) out.record(line, () => '');
        return;
      }
      out.result(lines, () => (lines.length === 0 ? 'No runs logged yet.' : renderLines(lines)));
    });
}

function sinceDate(value: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(NaN);
  if (Number.isNaN(date.getTime())) {
    throw new MailtroveError('usage', `--since wants a day as YYYY-MM-DD, not "${value}".`);
  }
  return date;
}

function renderLines(lines: RunLogLine[]): string {
  const rows = lines.map((line) => [
    line.at.replace('T', ' ').slice(0, 19),
    line.account,
    String(line.jobId),
    line.type,
    visibleText(describe(line)),
  ]);
  return table([['WHEN (UTC)', 'ACCOUNT', 'JOB', 'EVENT', 'DETAIL'], ...rows]);
}

function describe(line: RunLogLine): string {
  const n = (key: string): number => (typeof line[key] === 'number' ? line[key] : 0);
  const s = (key: string): string => (typeof line[key] === 'string' ? line[key] : '');
  switch (line.type) {
    case 'start':
      return line['retryFailed'] === true
        ? 'retrying failed messages'
        : line['resumed']
          ? 'resumed'
          : 'started';
    case 'folder':
      return (
        `${s('folder')}: ${n('fetched')}/${n('toFetch')} downloaded (${n('new')} new), ` +
        `${n('failed')} failed, ${formatBytes(n('bytes'))}` +
        (typeof line['seconds'] === 'number' ? ` in ${n('seconds')} s` : '') +
        (typeof line['error'] === 'string' ? ` (${s('error')})` : '')
      );
    case 'wait':
      return `waiting until ${s('until').slice(11, 19)}: ${s('reason')}`;
    case 'resume':
      return 'going on';
    case 'error':
      return s('message');
    case 'summary':
      return (
        `${s('state')}: ${n('new')} new, ${n('failed')} failed, ${formatBytes(n('bytes'))}` +
        (typeof line['seconds'] === 'number' ? ` in ${n('seconds')} s` : '')
      );
  }
}

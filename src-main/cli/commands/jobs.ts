import { Command } from 'commander';
import { visibleText } from '../../../src-shared/visible-text.ts';
import type { JobInfo } from '../../../src-shared/domain.ts';
import { contextOf } from '../context.ts';
import { formatBytes, table } from '../format.ts';
import { positiveInt } from '../parse-options.ts';

export function jobsCommand(): Command {
  return new Command('jobs')
    .description('import jobs, newest first: state, options, counters (with --history N: one job in detail)')
    .argument('[name]', 'account name (default: all)')
    .option('--history <job>', "one job's history of state changes", positiveInt)
    .action((name: string | undefined, flags: { history?: number }, command: Command) => {
      const { out, engine } = contextOf(command);
      if (flags.history !== undefined) {
        for (const event of engine.imports.history(flags.history)) {
          out.record(
            event,
            () =>
              `${new Date(event.at).toISOString()}  ${event.state.padEnd(9)} ${visibleText(event.message)}`,
          );
        }
        return;
      }
      const jobs = engine.imports.list(name);
      if (out.json) {
        for (const job of jobs) out.record(job, () => '');
        return;
      }
      out.result(jobs, () => (jobs.length === 0 ? 'No import jobs yet.' : renderJobs(jobs)));
    });
}

function renderJobs(jobs: JobInfo[]): string {
  const rows = jobs.map((j) => [
    String(j.id),
    j.account,
    j.state + (j.state === 'waiting' && j.waitingReason ? ` (${j.waitingReason})` : ''),
    j.retryFailed ? 'retry failed' : describeOptions(j),
    j.summary ? `${j.summary.new} new, ${j.summary.failed} failed, ${formatBytes(j.summary.bytes)}` : '-',
    new Date(j.updatedAt).toISOString().replace('T', ' ').slice(0, 19),
  ]);
  return table([['JOB', 'ACCOUNT', 'STATE', 'WHAT', 'SO FAR', 'UPDATED (UTC)'], ...rows]);
}

function describeOptions(job: JobInfo): string {
  const { range, folders, maxMessages } = job.options;
  const parts = [
    range.since === null && range.before === null
      ? 'everything'
      : `${range.since ?? '…'} – ${range.before ?? '…'}`,
  ];
  if (folders !== null) parts.push(folders.join(','));
  if (maxMessages !== null) parts.push(`max ${maxMessages}`);
  return parts.join(', ');
}

export function errorsCommand(): Command {
  return new Command('errors')
    .description('the error log: every message that could not be archived, with its cause and attempts')
    .argument('<name>', 'account name')
    .action((name: string, _options: unknown, command: Command) => {
      const { out, engine } = contextOf(command);
      const errors = engine.reads.errors(name);
      if (out.json) {
        for (const e of errors) out.record(e, () => '');
        return;
      }
      const rows = errors.map((e) => [
        e.folder,
        e.uid === null ? '-' : String(e.uid),
        e.code,
        String(e.attempts),
        e.message,
      ]);
      // A folder left out (UID -) is tried again by every import; failed messages by --retry-failed.
      const next = errors.some((e) => e.uid !== null)
        ? `Retry them with: mailtrove import ${name} --retry-failed`
        : `Every import of ${name} tries these folders again.`;
      out.result(errors, () =>
        errors.length === 0
          ? 'No errors.'
          : `${table([['FOLDER', 'UID', 'CODE', 'ATTEMPTS', 'MESSAGE'], ...rows])}\n\n${next}`,
      );
    });
}

import { Command } from 'commander';
import {
  DEFAULT_BATCH_SIZE,
  type ImportLimits,
  type ImportOptions,
  type JobInfo,
} from '../../../src-shared/domain.ts';
import {
  DEFAULT_RETRY,
  MailtroveError,
  describeArchiveFailure,
  describeRange,
  resolveRange,
  type JobSession,
} from '../../engine/api/index.ts';
import { contextOf, type CliContext } from '../context.ts';
import { EXIT } from '../exit-codes.ts';
import { list, positiveInt } from '../parse-options.ts';
import { importAll } from './import-all.ts';
import { progressLine, report } from './import-report.ts';
import { maxPageCount, retryBaseDelayMs } from './test-hooks.ts';

interface ImportFlags {
  folders?: string[];
  exclude?: string[];
  since?: string;
  before?: string;
  lastYear?: boolean;
  dryRun?: boolean;
  maxMessages?: number;
  batchSize: number;
  callsPerMinute?: number;
  maxBytesPerSecond?: number;
  dailyBudgetMb?: number;
  stallTimeout: number;
  maxRetries: number;
  resume?: boolean;
  retryFailed?: boolean;
  all?: boolean;
}

export function importCommand(): Command {
  return new Command('import')
    .description("copy the account's mail into the archive (newest first, resumable, deduplicated)")
    .argument('[name]', 'account name (or --all)')
    .option(
      '--folders <paths>',
      'only these folders, comma-separated (default: all but Junk and Trash)',
      list,
    )
    .option('--exclude <paths>', 'leave out these folders and their sub-folders, comma-separated', list)
    .option('--since <YYYY-MM-DD>', 'only mail the server received on or after this day')
    .option('--before <YYYY-MM-DD>', 'only mail the server received before this day')
    .option('--last-year', 'only the last 365 days')
    .option('--dry-run', 'show what would be imported, download and write nothing')
    .option('--max-messages <n>', 'stop after this many messages (the newest)', positiveInt)
    .option(
      '--batch-size <n>',
      'messages per fetch and per transaction (doubled for a server 30 ms or more away)',
      positiveInt,
      DEFAULT_BATCH_SIZE,
    )
    .option('--calls-per-minute <n>', 'send at most this many IMAP commands per minute', positiveInt)
    .option('--max-bytes-per-second <n>', 'download at most this many bytes per second', positiveInt)
    .option('--daily-budget-mb <n>', 'download at most this many MB per day (Gmail: about 2500)', positiveInt)
    .option(
      '--stall-timeout <seconds>',
      'reconnect when the server sends nothing for this long',
      positiveInt,
      120,
    )
    .option(
      '--max-retries <n>',
      'give up after this many failed attempts in a row',
      positiveInt,
      DEFAULT_RETRY.maxRetries,
    )
    .option('--resume', "continue the account's last unfinished import job with its options (or start one)")
    .option('--retry-failed', 'fetch again only the messages in the error log')
    .option('--all', 'top up every account with the folders of its last import (for timers and cron)')
    .action(async (name: string | undefined, flags: ImportFlags, command: Command) => {
      const context = contextOf(command, name);
      if (flags.all === true || name === undefined) {
        if (flags.all !== true || name !== undefined)
          throw new MailtroveError('usage', 'Name one account, or use --all for every account.');
        await importAll(context);
        return;
      }
      const options = optionsFrom(flags);
      if (options.dryRun) {
        await dryRun(context, name, options);
        return;
      }
      // MAILTROVE_PASSWORD is for the named account only (a job of another account gets the keychain's).
      const session = context.engine.imports.openJobs({
        onProgress: (_jobId, p) => {
          context.out.progress(progressLine(p));
        },
        onState: (job) => {
          if (job.state === 'waiting' && job.waitingReason !== null)
            context.out.notice(`Waiting: ${job.waitingReason}`);
        },
        settings: {
          retry: { ...DEFAULT_RETRY, maxRetries: flags.maxRetries, ...retryBaseDelayMs() },
          stallTimeoutMs: flags.stallTimeout * 1000,
        },
        ...maxPageCount(),
      });
      try {
        await runJob(context, session, name, flags, options);
      } catch (error) {
        throw describeArchiveFailure(error, name);
      } finally {
        session.close();
      }
    });
}

function optionsFrom(flags: ImportFlags): ImportOptions {
  if (flags.resume === true && flags.retryFailed === true) {
    throw new MailtroveError('usage', '--resume and --retry-failed cannot be combined.');
  }
  const limits: ImportLimits = {
    callsPerMinute: flags.callsPerMinute ?? null,
    bytesPerSecond: flags.maxBytesPerSecond ?? null,
    dailyBudgetBytes: flags.dailyBudgetMb === undefined ? null : flags.dailyBudgetMb * 1024 * 1024,
  };
  return {
    folders: flags.folders ?? null,
    exclude: flags.exclude ?? [],
    range: resolveRange(flags, new Date()),
    dryRun: flags.dryRun === true,
    maxMessages: flags.maxMessages ?? null,
    batchSize: flags.batchSize,
    limits,
  };
}

async function dryRun(context: CliContext, name: string, options: ImportOptions): Promise<void> {
  const summary = await context.engine.imports.preview(name, options, (account) => {
    context.out.info(`Dry run for ${account.user} at ${account.host} (${describeRange(options.range)})…`);
  });
  report(context, summary);
}

async function runJob(
  context: CliContext,
  session: JobSession,
  name: string,
  flags: ImportFlags,
  options: ImportOptions,
): Promise<void> {
  const manager = session.jobs;
  const account = session.account(name);
  let jobId: number | null = null;
  let pausing = false;
  const onSigint = (): void => {
    if (pausing || jobId === null) process.exit(130);
    pausing = true;
    context.out.info('\nPausing after the current batch… (Ctrl-C again to quit at once; nothing is lost)');
    void manager.pause(jobId);
  };
  process.on('SIGINT', onSigint);
  try {
    let job: JobInfo;
    const last = flags.resume === true ? session.lastUnfinished(name) : undefined;
    if (last) {
      context.out.info(`Resuming job ${last.id} (${describeRange(last.options.range)})…`);
      jobId = last.id;
      job = await manager.resume(last.id);
    } else if (flags.retryFailed === true) {
      context.out.info(`Retrying the failed messages of ${name}…`);
      job = await manager.retryFailed(name);
    } else {
      // --resume with nothing unfinished is a top-up: the checkpoints make it fetch only what is missing.
      if (flags.resume === true) context.out.info('No unfinished job; starting a new import.');
      context.out.info(`Importing ${account.user} at ${account.host} (${describeRange(options.range)})…`);
      job = await manager.start(name, options);
    }
    jobId = job.id;
    const end = await manager.settled(job.id);
    finish(context, manager, end, name);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function finish(context: CliContext, manager: JobSession['jobs'], job: JobInfo, name: string): void {
  if (job.state === 'failed') {
    context.out.endProgress();
    const failure = manager.failureOf(job.id);
    if (failure instanceof Error) throw failure;
    throw new MailtroveError('connection', job.error ?? 'The import failed.');
  }
  if (job.state === 'waiting' && job.waitingReason === 'needs sign-in') {
    // Nothing failed: the job waits for the user to sign in again, then goes on from its checkpoints.
    context.out.endProgress();
    throw new MailtroveError('auth', `The account "${name}" needs sign-in (job ${job.id} waits).`, {
      hint: `Sign in with: mailtrove account login ${name}, then: mailtrove import ${name} --resume`,
    });
  }
  if (job.summary) report(context, job.summary, { jobId: job.id, state: job.state });
  else context.out.endProgress();
  if (job.state === 'paused') {
    context.out.info(`Paused (job ${job.id}). Continue with: mailtrove import ${name} --resume`);
    process.exitCode = 130;
    return;
  }
  if (job.state === 'cancelled') {
    context.out.info(`Cancelled (job ${job.id}). What was archived stays.`);
    return;
  }
  const failed = job.summary?.failed ?? 0;
  if (failed > 0) {
    context.out.info(
      `${failed} message(s) failed; see \`mailtrove errors ${name}\` and retry them with: mailtrove import ${name} --retry-failed`,
    );
    process.exitCode = EXIT.finishedWithFailures;
  }
  const failedFolders = job.summary?.failedFolders ?? 0;
  if (failedFolders > 0) {
    context.out.info(
      `${failedFolders} folder(s) skipped because of the server (see \`mailtrove errors ${name}\`); ` +
        'the rest of the account was imported.',
    );
    process.exitCode = EXIT.finishedWithFailures;
  }
}

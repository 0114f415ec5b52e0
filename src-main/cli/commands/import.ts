import { Command } from 'commander';
import type { ImportOptions, ImportProgress, ImportSummary } from '../../../src-shared/domain.ts';
import { getAccount } from '../../engine/archive/accounts-repo.ts';
import { openArchive } from '../../engine/archive/open.ts';
import { describeRange, resolveRange } from '../../engine/backfill/date-range.ts';
import { runImport } from '../../engine/backfill/run.ts';
import { resolvePassword } from '../../engine/secrets/password.ts';
import { contextOf, type CliContext } from '../context.ts';
import { EXIT } from '../exit-codes.ts';
import { formatBytes, formatDuration, table } from '../format.ts';
import { list, positiveInt } from '../parse-options.ts';

interface ImportFlags {
  folders?: string[];
  exclude?: string[];
  since?: string;
  before?: string;
  lastYear?: boolean;
  dryRun?: boolean;
  maxMessages?: number;
  batchSize: number;
}

export function importCommand(): Command {
  return new Command('import')
    .description("copy the account's mail into the archive (newest first, resumable, deduplicated)")
    .argument('<name>', 'account name')
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
    .option('--batch-size <n>', 'messages per fetch and per transaction', positiveInt, 250)
    .action(async (name: string, flags: ImportFlags, command: Command) => {
      const context = contextOf(command);
      const options: ImportOptions = {
        folders: flags.folders ?? null,
        exclude: flags.exclude ?? [],
        range: resolveRange(flags, new Date()),
        dryRun: flags.dryRun === true,
        maxMessages: flags.maxMessages ?? null,
        batchSize: flags.batchSize,
      };
      // A dry run opens the archive read-only: it must not change a single byte.
      const db = openArchive(context.archivePath, { readonly: options.dryRun });
      const controller = new AbortController();
      const onSigint = (): void => {
        if (controller.signal.aborted) process.exit(130);
        context.out.info(
          '\nStopping after the current batch… (Ctrl-C again to quit at once; nothing is lost)',
        );
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        const account = getAccount(db, name);
        const password = await resolvePassword(account, context.secrets);
        context.out.info(
          `${options.dryRun ? 'Dry run for' : 'Importing'} ${account.user} at ${account.host} (${describeRange(options.range)})…`,
        );
        const summary = await runImport(
          { db, account, password, options },
          {
            signal: controller.signal,
            onProgress: (p) => {
              context.out.progress(progressLine(p));
            },
          },
        );
        report(context, summary, controller.signal.aborted, name);
        if (summary.failed > 0) process.exitCode = EXIT.finishedWithFailures;
      } finally {
        process.off('SIGINT', onSigint);
        db.close();
      }
    });
}

function progressLine(p: ImportProgress): string {
  if (p.phase === 'planning') return `Scanning ${p.folder} (${p.folderIndex + 1}/${p.folderCount})…`;
  const eta = p.etaSeconds === null ? '' : `, ETA ${formatDuration(p.etaSeconds)}`;
  return (
    `${p.folder} ${p.done}/${p.total} · all ${p.overallDone}/${p.overallTotal} messages, ` +
    `${formatBytes(p.overallBytes)}/${formatBytes(p.overallTotalBytes)} · ` +
    `${Math.round(p.messagesPerSecond)} msg/s, ${formatBytes(p.bytesPerSecond)}/s${eta}`
  );
}

function report(context: CliContext, summary: ImportSummary, interrupted: boolean, name: string): void {
  const { out } = context;
  out.endProgress();
  out.result(summary, () => (summary.dryRun ? renderDryRun(summary) : renderSummary(summary)));
  if (summary.parseFailed > 0) {
    out.info(
      `${summary.parseFailed} message(s) could not be parsed as MIME; they are stored raw and flagged.`,
    );
  }
  if (summary.failed > 0)
    out.info(`${summary.failed} message(s) failed; run the import again to retry them.`);
  if (interrupted) out.info(`Stopped early. Continue with: mailtrove import ${name} (same options).`);
}

function renderDryRun(s: ImportSummary): string {
  const rows = s.folders.map((f) => [
    f.path,
    String(f.inRange),
    String(f.duplicates),
    String(f.toFetch ?? 0),
    formatBytes(f.bytes),
    formatDuration(f.estimatedSeconds ?? 0),
  ]);
  const toFetch = s.folders.reduce((n, f) => n + (f.toFetch ?? 0), 0);
  return [
    table([['FOLDER', 'IN RANGE', 'ARCHIVED', 'TO FETCH', 'SIZE', 'ESTIMATE'], ...rows]),
    '',
    `Dry run: ${toFetch} of ${s.inRange} messages to fetch (${formatBytes(s.bytes)}), about ${formatDuration(s.estimatedSeconds ?? 0)}. Nothing was written.`,
  ].join('\n');
}

function renderSummary(s: ImportSummary): string {
  const rows = s.folders.map((f) => [
    f.path,
    String(f.inRange),
    String(f.fetched),
    String(f.new),
    String(f.duplicates),
    String(f.failed),
    formatBytes(f.bytes),
  ]);
  return [
    table([['FOLDER', 'IN RANGE', 'FETCHED', 'NEW', 'ALREADY ARCHIVED', 'FAILED', 'DOWNLOADED'], ...rows]),
    '',
    `${s.new} new, ${s.duplicates} already archived, ${s.failed} failed, ${s.vanished} vanished; ` +
      `${s.fetched} fetched (${formatBytes(s.bytes)}) in ${formatDuration(s.seconds)}.`,
  ].join('\n');
}

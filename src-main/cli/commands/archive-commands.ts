import { Command, Option } from 'commander';
import { visibleText } from '../../../src-shared/visible-text.ts';
import { MailtroveError, type AccountStatus, type FolderStatus } from '../../engine/api/index.ts';
import { summarySentences } from '../../../src-shared/count-figures.ts';
import { contextOf } from '../context.ts';
import { EXIT } from '../exit-codes.ts';
import { formatBytes, table } from '../format.ts';
import { jsonLine } from '../output.ts';

export function statusCommand(): Command {
  return new Command('status')
    .description('per folder: checkpoint, messages on the server in range vs archived, last run, errors')
    .argument('[name]', 'account name (default: all)')
    .action((name: string | undefined, _options: unknown, command: Command) => {
      const { out, engine } = contextOf(command);
      const statuses = engine.reads.status(name);
      out.result(name === undefined ? statuses : statuses[0], () => statuses.map(renderStatus).join('\n\n'));
    });
}

function renderStatus(status: AccountStatus & { needsSignIn: boolean }): string {
  const run = status.lastRun;
  const runLine = run
    ? `Last run: ${new Date(run.startedAt).toISOString()} ${run.status}` +
      (run.summary ? `. ${summarySentences(run.summary, String).join(' ')}` : '.')
    : 'Never imported.';
  const rows = status.folders.map((f) => [
    f.path,
    scanState(f),
    f.onServer === null ? '?' : String(f.onServer),
    String(f.archived),
    String(f.missing.length),
    [...f.errors.map((e) => `${e.count} ${e.code}`), ...f.folderErrors.map((e) => e.code)].join(', ') || '-',
  ]);
  const missing = status.folders.flatMap((f) =>
    f.missing.map((m) => `  ${visibleText(f.path)} UID ${m.uid}: ${m.cause}`),
  );
  const folderErrors = status.folders.flatMap((f) =>
    f.folderErrors.map((e) => `  ${visibleText(f.path)}: ${visibleText(e.message)}`),
  );
  const badDates = status.folders.filter((f) => f.badInternalDates > 0);
  const deleted = status.folders.filter((f) => f.deletedOnServer > 0);
  return [
    `Account ${visibleText(status.account)}. ${runLine}`,
    ...(status.needsSignIn
      ? [`Needs sign-in: run mailtrove account login ${visibleText(status.account)}, then import --resume.`]
      : []),
    table([['FOLDER', 'SCAN', 'ON THE SERVER IN RANGE', 'IN THE ARCHIVE', 'MISSING', 'ERRORS'], ...rows]),
    ...(missing.length === 0
      ? []
      : ['', 'Missing (cause: failed, filtered by --max-messages, vanished, pending):', ...missing]),
    ...(folderErrors.length === 0 ? [] : ['', 'Left out because of the server:', ...folderErrors]),
    ...(badDates.length === 0
      ? []
      : [
          '',
          'Flagged: stored with a fallback date, the server sent no usable INTERNALDATE:',
          ...badDates.map((f) => `  ${visibleText(f.path)}: ${f.badInternalDates} message(s)`),
        ]),
    ...(deleted.length === 0
      ? []
      : [
          '',
          'Kept in the archive, deleted on server:',
          ...deleted.map((f) => `  ${visibleText(f.path)}: ${f.deletedOnServer} deleted on server`),
        ]),
  ].join('\n');
}

/** A folder never imported that has an entry in the error log was skipped for what the server sent. */
function scanState(f: FolderStatus): string {
  if (f.complete) return 'complete';
  if (f.uidValidity !== null) return 'partial';
  return f.folderErrors.length > 0 ? 'skipped' : 'not started';
}

export function messagesCommand(): Command {
  return new Command('messages')
    .description(
      'every stored message as JSON lines: id, sha256, messageId, threadId, subject, from, date, folders…',
    )
    .action((_options: unknown, command: Command) => {
      const { out, engine } = contextOf(command);
      engine.reads.eachMessage((message) => {
        // This command's contract is JSON lines, with or without --json: exact, and safe to print.
        out.record(message, () => jsonLine(message));
      });
    });
}

interface ExportFlags {
  query?: string;
  folder?: string;
  format: 'eml' | 'mbox';
  out: string;
  force?: boolean;
}

export function exportCommand(): Command {
  return new Command('export')
    .description("export messages byte-identical to the server's copies")
    .option('--query <q>', 'only messages matching a search query')
    .option('--folder <path>', 'only messages in this folder')
    .addOption(
      new Option('--format <format>', 'eml: one file per message; mbox: one mboxrd file')
        .choices(['eml', 'mbox'])
        .makeOptionMandatory(),
    )
    .requiredOption(
      '--out <path>',
      'mbox: the file to create; eml: the folder to create (its parent must exist)',
    )
    .option(
      '--force',
      'replace an existing file (mbox) or fill an existing empty folder (eml); never the archive',
    )
    .action(async (flags: ExportFlags, command: Command) => {
      const { out, engine } = contextOf(command);
      if (flags.query !== undefined && flags.folder !== undefined) {
        throw new MailtroveError(
          'usage',
          'export takes --query or --folder, not both (use folder: inside the query).',
        );
      }
      const selection = flags.query !== undefined ? { query: flags.query } : { folder: flags.folder };
      const result = await engine.exports.toPath(selection, {
        out: flags.out,
        format: flags.format,
        force: flags.force === true,
        howToForce: 'pass --force',
        onProgress: (n, total) => {
          out.progress(`Exported ${n}/${total}…`);
        },
      });
      const files = flags.format === 'mbox' ? 1 : result.messages;
      out.result(
        { files, messages: result.messages, bytes: result.bytes, out: result.path, format: flags.format },
        () =>
          `Exported ${result.messages} messages (${formatBytes(result.bytes)}) to ${result.path}${flags.format === 'mbox' ? ' (mboxrd)' : ''}.`,
      );
    });
}

export function verifyCommand(): Command {
  return new Command('verify')
    .description('re-hash every stored message and check the database')
    .action((_options: unknown, command: Command) => {
      const { out, engine } = contextOf(command);
      const report = engine.reads.verify((n) => {
        out.progress(`Verified ${n} messages…`);
      });
      out.result(report, () =>
        report.ok
          ? `OK: ${report.messages} messages re-hashed, database intact (schema ${report.schemaVersion}).`
          : [
              'PROBLEMS FOUND:',
              `  hash mismatches: ${report.hashMismatches.length} ${report.hashMismatches.slice(0, 10).join(', ')}`,
              `  orphans: ${report.orphans.length}`,
              `  integrity: ${report.integrity.join('; ')}`,
              `  foreign key violations: ${report.foreignKeyViolations}`,
            ].join('\n'),
      );
      if (!report.ok) process.exitCode = EXIT.finishedWithFailures;
    });
}

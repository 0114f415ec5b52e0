import { Command, CommanderError } from 'commander';
import { visibleText } from '../../src-shared/visible-text.ts';
import { ARCHIVE_ENV, isMailtroveError } from '../engine/api/index.ts';
import { accountCommand } from './commands/account.ts';
import { exportCommand, messagesCommand, statusCommand, verifyCommand } from './commands/archive-commands.ts';
import { foldersCommand } from './commands/folders.ts';
import { importCommand } from './commands/import.ts';
import { errorsCommand, jobsCommand } from './commands/jobs.ts';
import { logCommand } from './commands/log.ts';
import { searchCommand, threadCommand } from './commands/search.ts';
import { serveCommand } from './commands/serve.ts';
import { EXIT, exitCodeFor } from './exit-codes.ts';

/** The `mailtrove` command: the engine, headless. */
export function buildProgram(): Command {
  const program = new Command('mailtrove')
    .description('Archive your IMAP mail into a local, searchable SQLite archive you own.')
    .option(
      '--archive <path>',
      `archive directory or .sqlite file (default: $${ARCHIVE_ENV} or your data directory)`,
    )
    .option('--json', 'machine-readable output on stdout; human progress stays on stderr')
    .showHelpAfterError()
    .exitOverride();
  for (const command of [
    accountCommand(),
    foldersCommand(),
    importCommand(),
    jobsCommand(),
    errorsCommand(),
    statusCommand(),
    messagesCommand(),
    searchCommand(),
    threadCommand(),
    exportCommand(),
    verifyCommand(),
    serveCommand(),
    logCommand(),
  ]) {
    program.addCommand(command);
  }
  // Sub-commands report usage errors through the same override, so every one exits 2.
  const override = (command: Command): void => {
    command.exitOverride();
    command.commands.forEach(override);
  };
  override(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    // Error texts quote servers, folder names and queries: shown, never obeyed, by the terminal.
    if (isMailtroveError(error)) {
      const hint = error.hint ? `${error.hint}\n` : '';
      const text = visibleText(`mailtrove: ${error.message}\n${hint}`, { multiline: true });
      process.stderr.write(`${clearLine()}${text}`);
      return exitCodeFor(error.kind);
    }
    const details = visibleText((error as Error).stack ?? String(error), { multiline: true });
    process.stderr.write(`${clearLine()}mailtrove: unexpected error: ${details}\n`);
    return EXIT.finishedWithFailures;
  }
}

/** A live progress line may still be on the terminal: the error replaces it rather than follow it. */
function clearLine(): string {
  return process.stderr.isTTY ? '\r\u001b[2K' : '';
}

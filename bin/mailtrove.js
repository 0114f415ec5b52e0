#!/usr/bin/env node
// The `mailtrove` command. Node ≥ 22.18 runs the TypeScript sources directly (type stripping), so the CLI
// works from a checkout right after `npm install`, with no build step.
import module from 'node:module';
import { nodeVersionProblem } from '../scripts/require-node.js';

const tooOld = nodeVersionProblem();
if (tooOld !== null) {
  process.stderr.write(`${tooOld}\n`);
  process.exit(2);
}
await tuneMemoryForImport();
// Node keeps the compiled code of the CLI's ~200 modules on disk (its temp dir) for the next start: a
// timer's top-up with nothing new is mostly start-up.
module.enableCompileCache?.();
// `mailtrove messages | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv);

/**
 * An import runs several threads (IMAP, MIME parsers, the archive writer) for hours, and its memory is capped
 * at 250 MB. The settings that keep it there and its threads off each other's cores
 * (src-main/engine/memory-tuning.ts) only work from process start, so `import` replaces this process (same
 * pid, stdio and exit code: execve, not a child) with one started with them. Linux only (the measurements
 * are glibc's); an explicit setting from the user is kept.
 */
async function tuneMemoryForImport() {
  if (process.platform !== 'linux' || typeof process.execve !== 'function') return;
  if (process.env.MAILTROVE_TUNED === '1' || !process.argv.slice(2).includes('import')) return;
  const { IMPORT_ENV, missingImportFlags } = await import('../src-main/engine/memory-tuning.ts');
  const flags = missingImportFlags([...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' '));
  const env = { ...IMPORT_ENV, ...process.env, MAILTROVE_TUNED: '1' };
  process.execve(
    process.execPath,
    [process.execPath, ...process.execArgv, ...flags, ...process.argv.slice(1)],
    env,
  );
}

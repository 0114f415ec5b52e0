#!/usr/bin/env node
// The `mailtrove` command. Node ≥ 22.18 runs the TypeScript sources directly (type stripping), so the CLI
// works from a checkout right after `npm install`, with no build step.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`mailtrove needs Node.js 22.18 or newer; this is ${process.version}.\n`);
  process.exit(2);
}
tuneMemoryForImport();
// `mailtrove messages | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv);

/**
 * An import runs three threads (IMAP + SQLite, two MIME parsers) for hours; PRODUCT.md caps its memory at
 * 250 MB. Two settings only work from process start, so `import` replaces this process (same pid, stdio and
 * exit code: execve, not a child) with one started with them:
 * - MALLOC_ARENA_MAX=2: glibc otherwise gives each thread its own 64 MB malloc arena (measured: -30 MB);
 * - a 4 MB young generation and a 1 GB old-generation cap for the main thread. On a machine with many GB
 *   V8 lets the main heap grow to 3-4x its live size between full collections (live ~20 MB, peak ~70 MB);
 *   with a 1 GB cap it collects earlier (measured on 20k messages: peak RSS 380 → ~250 MB, same speed
 *   within noise). 1 GB is far above what the main thread holds, even planning a million messages.
 * glibc only; an explicit setting from the user (MALLOC_ARENA_MAX, NODE_OPTIONS or node flags) is kept.
 */
function tuneMemoryForImport() {
  if (process.platform !== 'linux' || typeof process.execve !== 'function') return;
  if (process.env.MAILTROVE_TUNED === '1' || !process.argv.slice(2).includes('import')) return;
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  const flags = [];
  if (!given.includes('--max-semi-space-size')) flags.push('--max-semi-space-size=4');
  if (!given.includes('--max-old-space-size')) flags.push('--max-old-space-size=1024');
  const env = { ...process.env, MAILTROVE_TUNED: '1' };
  env.MALLOC_ARENA_MAX ??= '2';
  process.execve(
    process.execPath,
    [process.execPath, ...process.execArgv, ...flags, ...process.argv.slice(1)],
    env,
  );
}

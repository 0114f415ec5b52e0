#!/usr/bin/env node
// The `mailtrove` command. Node ≥ 22.18 runs the TypeScript sources directly (type stripping), so the CLI
// works from a checkout right after `npm install`, with no build step.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`mailtrove needs Node.js 22.18 or newer; this is ${process.version}.\n`);
  process.exit(2);
}
// `mailtrove messages | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv);

#!/usr/bin/env node
// The `mailtrove` command. Node ≥ 22.18 runs the TypeScript sources directly (type stripping), so the CLI
// works from a checkout right after `npm install`, with no build step.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`mailtrove needs Node.js 22.18 or newer; this is ${process.version}.\n`);
  process.exit(2);
}
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv);

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One temp directory per run, emptied (and its leftover servers killed) when the run ends.
    globalSetup: ['test/support/global-setup.ts'],
    // Integration tests start real Dovecot servers and CLI processes; on a 2-core machine
    // running more than two files at once only adds contention.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

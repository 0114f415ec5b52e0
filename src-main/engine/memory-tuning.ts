import os from 'node:os';

/**
 * How a process that runs imports is started: an import's memory is capped at 250 MB, and these only
 * work from process start. `bin/mailtrove.js` re-executes `mailtrove import` with them; the app starts
 * its engine process with the allocator setting.
 *
 * - A 2 MB semi-space for the main thread's young generation (V8 picks up to 16 MB on a big machine):
 *   the main thread makes short-lived IMAP and result objects at a high rate, and a smaller nursery is
 *   swept more often but stays small.
 * - A 1 GB old-generation cap: with many GB free V8 lets the heap grow to several times its live size
 *   between full collections; 1 GB is far above what the engine holds, even planning a million messages.
 * - One V8 helper thread instead of four where the import's own threads (IMAP, one parser per core but
 *   one, the archive writer) already fill every core: the helpers run garbage collection beside those
 *   threads, and on a busy machine a collection waits for a helper that is not running. With more cores
 *   than the import has threads, V8 keeps its default.
 * - V8's --optimize-for-size: heaps grown closer to what they hold, in every thread; the folder plans
 *   and the threading pass of a large mailbox live on the main thread's heap.
 * - MALLOC_ARENA_MAX=2: glibc otherwise gives each thread its own 64 MB malloc arena.
 * - MALLOC_MMAP_THRESHOLD_=128 KB, fixed: glibc raises its threshold to the size of the largest block it
 *   has freed, so after one 25 MB message every later message-sized buffer comes from an arena, and the
 *   arena keeps the high-water mark for the rest of the run. Fixed, such buffers are unmapped when freed.
 * The measurements behind each are in docs/performance.md.
 * The semi-space flag holds for every thread: V8 prefers it to a worker's own young-generation limit
 * (mime/pool.ts); the parser threads' old-generation cap is their own. An explicit setting from the user
 * is kept.
 */
export function importNodeFlags(cores = os.availableParallelism()): string[] {
  const flags = ['--max-semi-space-size=2', '--max-old-space-size=1024', '--optimize-for-size'];
  if (cores <= 4) flags.push('--v8-pool-size=1');
  return flags;
}

export const IMPORT_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: String(128 * 1024),
};

/** The flags not already given (on the command line or in NODE_OPTIONS). */
export function missingImportFlags(given: string, cores?: number): string[] {
  return importNodeFlags(cores).filter((flag) => {
    const name = flag.slice(2).split('=')[0] ?? '';
    return !given.includes(`--${name}`) && !given.includes(`--no-${name}`);
  });
}

/**
 * Test-only hooks, active only when their environment variable is set. They let the integration tests make a disk "full" and back off in milliseconds.
 */

/** MAILTROVE_TEST_MAX_PAGES: caps the archive's size in pages, so writes fail like on a full disk. */
export function maxPageCount(): { maxPageCount?: number } {
  const maxPages = process.env['MAILTROVE_TEST_MAX_PAGES'];
  return maxPages !== undefined && /^\d+$/.test(maxPages) ? { maxPageCount: Number(maxPages) } : {};
}

/** MAILTROVE_TEST_RETRY_BASE_MS: the first backoff delay (and a tenfold cap). */
export function retryBaseDelayMs(): { baseDelayMs?: number; maxDelayMs?: number } {
  const base = process.env['MAILTROVE_TEST_RETRY_BASE_MS'];
  if (base === undefined || !/^\d+$/.test(base)) return {};
  return { baseDelayMs: Number(base), maxDelayMs: Number(base) * 10 };
}

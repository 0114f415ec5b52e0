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

/**
 * MAILTROVE_TEST_IMAP_SRV=host:port: every `_imap._tcp` SRV lookup answers that target (and `_imaps._tcp`
 * none), so account setup's discovery finds a local test server. Unset: the system's DNS.
 */
export function discoverySrv(): { discovery?: { resolveSrv: (name: string) => Promise<SrvRecord[]> } } {
  const target = /^([\w.-]+):(\d+)$/.exec(process.env['MAILTROVE_TEST_IMAP_SRV'] ?? '');
  if (target === null) return {};
  const [, host = '', port = '0'] = target;
  const record: SrvRecord = { name: host, port: Number(port), priority: 0, weight: 0 };
  return {
    discovery: {
      resolveSrv: (name) =>
        name.startsWith('_imap._tcp.') ? Promise.resolve([record]) : Promise.reject(new Error('ENOTFOUND')),
    },
  };
}

interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

import type { JobInfo } from '../../../src-shared/domain.ts';
import type { ImportOptions } from '../../../src-shared/domain.ts';
import { isMailtroveError, MailtroveError, type JobManager } from '../../engine/api/index.ts';
import type { CliContext } from '../context.ts';
import { EXIT, exitCodeFor } from '../exit-codes.ts';
import { progressLine } from './import-report.ts';
import { maxPageCount } from './test-hooks.ts';

interface AccountResult {
  account: string;
  state: JobInfo['state'] | 'not started';
  jobId: number | null;
  new: number;
  failed: number;
  failedFolders: number;
  error: string | null;
  exitCode: number;
}

/**
 * `mailtrove import --all`: tops up every account, one after the other, each with the folders of its last
 * import. Passwords come from the keychain (MAILTROVE_PASSWORD names no account here). The exit code is
 * the worst of the accounts': 3 one could not connect or log in, 2 one has no password or archive trouble,
 * 1 messages or folders failed, 0 all well; the other accounts are imported either way.
 */
export async function importAll(context: CliContext): Promise<void> {
  const { out } = context;
  // Passwords from the keychain only: contextOf() names no account for --all.
  const session = context.engine.imports.openJobs({
    onProgress: (_jobId, p) => {
      out.progress(progressLine(p));
    },
    ...maxPageCount(),
  });
  const accounts = session.accounts();
  if (accounts.length === 0) {
    session.close();
    throw new MailtroveError('config', 'There are no accounts to import.', {
      hint: 'Add one with: mailtrove account add …',
    });
  }
  const manager = session.jobs;
  const results: AccountResult[] = [];
  try {
    for (const account of accounts) {
      out.info(`Topping up ${account.name} (${account.user} at ${account.host})…`);
      const result = await topUp(manager, account.name, session.topUpOptions(account.name));
      out.endProgress();
      results.push(result);
      out.record(result, () => describe(result));
    }
  } finally {
    await manager.close();
    session.close();
  }
  const worst = Math.max(...results.map((r) => r.exitCode));
  if (worst !== EXIT.ok) process.exitCode = worst;
}

async function topUp(manager: JobManager, account: string, options: ImportOptions): Promise<AccountResult> {
  const base = { account, new: 0, failed: 0, failedFolders: 0 };
  let job: JobInfo;
  try {
    job = await manager.settled((await manager.start(account, options)).id);
  } catch (error) {
    return { ...base, state: 'not started', jobId: null, error: messageOf(error), exitCode: codeOf(error) };
  }
  const summary = job.summary;
  const counts = {
    new: summary?.new ?? 0,
    failed: summary?.failed ?? 0,
    failedFolders: summary?.failedFolders ?? 0,
  };
  const failedRun = job.state === 'failed';
  // An OAuth2 account whose sign-in was refused: its job waits for `account login` (an auth failure).
  if (job.state === 'waiting' && job.waitingReason === 'needs sign-in') {
    return {
      ...base,
      ...counts,
      state: job.state,
      jobId: job.id,
      error: `needs sign-in (mailtrove account login ${account})`,
      exitCode: EXIT.connection,
    };
  }
  return {
    ...base,
    ...counts,
    state: job.state,
    jobId: job.id,
    error: job.error,
    exitCode: failedRun
      ? codeOf(manager.failureOf(job.id))
      : counts.failed + counts.failedFolders > 0
        ? EXIT.finishedWithFailures
        : EXIT.ok,
  };
}

function describe(r: AccountResult): string {
  if (r.state === 'not started' || r.state === 'failed') return `${r.account}: failed: ${r.error ?? ''}`;
  if (r.state === 'waiting' && r.exitCode === EXIT.connection)
    return `${r.account}: waiting: ${r.error ?? ''}`;
  const folders = r.failedFolders > 0 ? `, ${r.failedFolders} folder(s) skipped` : '';
  return `${r.account}: ${r.state}, ${r.new} new, ${r.failed} failed${folders}`;
}

/** A failure's exit code; an error of no known kind mid-run is a connection's (the server went away). */
function codeOf(error: unknown): number {
  return isMailtroveError(error) ? exitCodeFor(error.kind) : EXIT.connection;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

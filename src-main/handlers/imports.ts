import { getAccount } from '../engine/archive/accounts-repo.ts';
import { openArchive } from '../engine/archive/open.ts';
import { runImport } from '../engine/import/run.ts';
import { MailtroveError } from '../engine/errors.ts';
import { storedPassword } from '../engine/secrets/password.ts';
import type { HandlerDeps, HandlerTable } from './types.ts';

type ImportChannels =
  | 'import:preview'
  | 'import:start'
  | 'import:retryFailed'
  | 'jobs:list'
  | 'jobs:history'
  | 'jobs:pause'
  | 'jobs:resume'
  | 'jobs:cancel';

export function importHandlers(deps: HandlerDeps): HandlerTable<ImportChannels> {
  const { jobs } = deps;
  return {
    'import:preview': async ({ account: name, options }) => {
      const account = getAccount(deps.db, name);
      const password = await storedPassword(account, deps.secrets);
      // Its own read-only connection, as in the CLI: a dry run cannot change a byte, whatever it does.
      const db = openArchive(deps.archivePath, { readonly: true });
      try {
        return await runImport({ db, account, password, options: { ...options, dryRun: true } });
      } finally {
        db.close();
      }
    },

    'import:start': ({ account, options }) => {
      if (options.dryRun) {
        throw new MailtroveError('usage', 'import:start runs a real import; a dry run is import:preview.');
      }
      return jobs.start(account, options);
    },
    'import:retryFailed': ({ account }) => jobs.retryFailed(account),
    'jobs:list': ({ account }) => jobs.list(account),
    'jobs:history': ({ jobId }) => jobs.history(jobId),
    'jobs:pause': ({ jobId }) => jobs.pause(jobId),
    'jobs:resume': ({ jobId }) => jobs.resume(jobId),
    'jobs:cancel': ({ jobId }) => jobs.cancel(jobId),
  };
}

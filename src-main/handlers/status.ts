import type { AccountStatusView, FolderScanState } from '../../src-shared/ipc/views.ts';
import type { AccountStatus, FolderStatus } from '../engine/api/index.ts';
import type { HandlerContext, HandlerTable } from './types.ts';

type StatusChannels = 'errors:list' | 'status:completeness' | 'status:account';

/** "Did it get everything?": the error log and per-folder completeness, from the archive alone. */
export function statusHandlers({ engine }: HandlerContext): HandlerTable<StatusChannels> {
  return {
    'errors:list': ({ account }) => engine.reads.errors(account),
    'status:completeness': ({ account }) => engine.reads.completeness(account),
    'status:account': ({ account }) => {
      const [status] = engine.reads.status(account);
      // status(name) answers one entry for a known account and throws not-found otherwise.
      if (status === undefined) throw new Error(`no status for ${account}`);
      return statusView(status);
    },
  };
}

/** A folder never imported that has an entry in the error log was skipped for what the server sent. */
function scanState(f: FolderStatus): FolderScanState {
  if (f.complete) return 'complete';
  if (f.uidValidity !== null) return 'partial';
  return f.folderErrors.length > 0 ? 'skipped' : 'not-started';
}

function statusView(status: AccountStatus): AccountStatusView {
  const run = status.lastRun;
  return {
    account: status.account,
    lastRun:
      run === null ? null : { startedAt: run.startedAt, finishedAt: run.finishedAt, status: run.status },
    folders: status.folders.map((f) => ({
      path: f.path,
      state: scanState(f),
      onServer: f.onServer,
      archived: f.archived,
      missing: f.missing,
      errors: f.errors,
      folderErrors: f.folderErrors.map((e) => ({ code: e.code, message: e.message })),
      badInternalDates: f.badInternalDates,
    })),
  };
}

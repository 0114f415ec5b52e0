import type { HandlerContext, HandlerTable } from './types.ts';

type ImportChannels =
  | 'import:preview'
  | 'import:start'
  | 'import:retryFailed'
  | 'jobs:list'
  | 'jobs:history'
  | 'jobs:pause'
  | 'jobs:resume'
  | 'jobs:retryNow'
  | 'jobs:cancel';

export function importHandlers({ engine }: HandlerContext): HandlerTable<ImportChannels> {
  const { imports } = engine;
  return {
    'import:preview': ({ account, options }) => imports.preview(account, options),
    'import:start': ({ account, options }) => imports.start(account, options),
    'import:retryFailed': ({ account }) => imports.retryFailed(account),
    'jobs:list': ({ account }) => imports.list(account),
    'jobs:history': ({ jobId }) => imports.history(jobId),
    'jobs:pause': ({ jobId }) => imports.pause(jobId),
    'jobs:resume': ({ jobId }) => imports.resume(jobId),
    'jobs:retryNow': ({ jobId }) => imports.retryNow(jobId),
    'jobs:cancel': ({ jobId }) => imports.cancel(jobId),
  };
}

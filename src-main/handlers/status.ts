import type { HandlerContext, HandlerTable } from './types.ts';

type StatusChannels = 'errors:list' | 'status:completeness';

/** "Did it get everything?": the error log and per-folder completeness, from the archive alone. */
export function statusHandlers({ engine }: HandlerContext): HandlerTable<StatusChannels> {
  return {
    'errors:list': ({ account }) => engine.reads.errors(account),
    'status:completeness': ({ account }) => engine.reads.completeness(account),
  };
}

import type { HandlerDeps, HandlerTable } from './types.ts';
import { HandlerError } from './reply.ts';

type StatusChannels = 'errors:list' | 'status:completeness';

/** The error log and completeness come with the job manager's scan records (issue 4). */
export function statusHandlers(_deps: HandlerDeps): HandlerTable<StatusChannels> {
  const missing = (): never => {
    throw new HandlerError('internal', 'Not available in this build yet.');
  };
  return { 'errors:list': missing, 'status:completeness': missing };
}

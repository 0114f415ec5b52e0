import { getAccount } from '../engine/archive/accounts-repo.ts';
import { completeness, listMessageErrors } from '../engine/archive/scans-repo.ts';
import type { HandlerDeps, HandlerTable } from './types.ts';

type StatusChannels = 'errors:list' | 'status:completeness';

/** "Did it get everything?": the error log and per-folder completeness, from the archive alone. */
export function statusHandlers(deps: HandlerDeps): HandlerTable<StatusChannels> {
  const { reader } = deps;
  return {
    'errors:list': ({ account }) => listMessageErrors(reader, getAccount(reader, account).id),
    'status:completeness': ({ account: name }) => {
      const account = getAccount(reader, name);
      return { account: account.name, folders: completeness(reader, account.id) };
    },
  };
}

/** Account setup's server search: one at a time, cancellable, its answer dropped once cancelled. */
import { useCallback, useRef, useState } from 'react';
import type { DiscoveredServer, ReplyError } from '../../../../src-shared/ipc/contract.ts';
import { useApi } from '../../api/context.tsx';
import { settle } from '../../ui/reply.ts';

export type Discovery =
  | { state: 'idle' }
  | { state: 'finding'; domain: string }
  | { state: 'found'; server: DiscoveredServer }
  | { state: 'not-found'; domain: string }
  | { state: 'failed'; error: ReplyError };

/** The domain part of an address worth searching for, or null (no @, or no dot in the domain). */
export function searchableDomain(address: string): string | null {
  const domain = address.trim().split('@')[1]?.toLowerCase() ?? '';
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain) ? domain : null;
}

export function useDiscovery(onFound: (server: DiscoveredServer) => void) {
  const api = useApi();
  const [discovery, setDiscovery] = useState<Discovery>({ state: 'idle' });
  const run = useRef(0);
  const found = useRef(onFound);
  found.current = onFound;

  const find = useCallback(
    async (address: string): Promise<void> => {
      const domain = searchableDomain(address);
      if (domain === null) return;
      const mine = ++run.current;
      setDiscovery({ state: 'finding', domain });
      const reply = await settle(api.invoke('accounts:discover', { address: address.trim() }));
      if (mine !== run.current) return;
      if (!reply.ok) setDiscovery({ state: 'failed', error: reply.error });
      else if (reply.value.server === null) setDiscovery({ state: 'not-found', domain });
      else {
        setDiscovery({ state: 'found', server: reply.value.server });
        found.current(reply.value.server);
      }
    },
    [api],
  );
  // The probes end at their own timeout on the engine's side; the window just stops waiting.
  const cancel = useCallback(() => {
    run.current += 1;
    setDiscovery({ state: 'idle' });
  }, []);
  return { discovery, find, cancel };
}

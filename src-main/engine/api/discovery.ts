import { discoverImapServer, type DiscoverDeps, type ServerCandidate } from '../imap/discover.ts';

/** Replaces parts of discovery's DNS and probing, e.g. a test's SRV answers pointing at a local server. */
export type DiscoveryHooks = Partial<DiscoverDeps>;

/** Finding an address's IMAP server (DNS SRV, then the usual names on 993 and 143), before any account. */
export function discoveryUseCases(hooks: DiscoveryHooks = {}) {
  return {
    /** The preferred server that greets for `address`'s domain; null when none answers. */
    discover: (address: string): Promise<ServerCandidate | null> =>
      discoverImapServer(address, { deps: hooks }),
  };
}

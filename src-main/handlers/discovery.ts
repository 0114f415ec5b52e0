import type { HandlerContext, HandlerTable } from './types.ts';

/** Account setup's "find my server": read-only, nothing is sent but a connection that reads a greeting. */
export function discoveryHandlers({ engine }: HandlerContext): HandlerTable<'accounts:discover'> {
  return {
    'accounts:discover': async ({ address }) => {
      const found = await engine.discovery.discover(address);
      return {
        server:
          found === null
            ? null
            : { host: found.host, port: found.port, security: found.security, source: found.source },
      };
    },
  };
}

/** What the server search is doing, under the address: searching (with Cancel), found, or not found. */
import { visibleText } from '../../../../src-shared/visible-text.ts';
import type { Discovery } from './use-discovery.ts';

const SECURITY = { tls: 'TLS', starttls: 'STARTTLS' } as const;

export function DiscoveryStatus({ discovery, onCancel }: { discovery: Discovery; onCancel: () => void }) {
  switch (discovery.state) {
    case 'idle':
      return null;
    case 'finding':
      return (
        <p className="hint discovery" role="status">
          Finding your server for {visibleText(discovery.domain)}…{' '}
          <button type="button" className="quiet" onClick={onCancel}>
            Cancel
          </button>
        </p>
      );
    case 'found': {
      const { server } = discovery;
      return (
        <p className="hint discovery" role="status" data-testid="discovery-found">
          Found {visibleText(server.host)} on port {server.port} ({SECURITY[server.security]})
          {server.source === 'srv' ? ', as the domain’s DNS records name it' : ''}. Check it below.
        </p>
      );
    }
    case 'not-found':
      return (
        <p className="hint discovery" role="status">
          No mail server for {visibleText(discovery.domain)} answered on the usual ports. Enter it below (your
          provider’s help pages name it).
        </p>
      );
    case 'failed':
      return (
        <p className="hint discovery" role="status">
          The server search failed: {visibleText(discovery.error.message)} Enter the server below.
        </p>
      );
  }
}

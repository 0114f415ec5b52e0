/** Provider presets for account setup: the IMAP endpoint and app-password advice per mail provider. */
import type { Security } from '../../../../src-shared/domain.ts';

export type ProviderId = 'gmail' | 'outlook' | 'fastmail' | 'icloud' | 'yahoo' | 'custom';

export interface Provider {
  id: ProviderId;
  label: string;
  host: string;
  port: number;
  security: Security;
  /** what to type as the password, and where to get it */
  passwordHint: string;
  /** address domains that belong to this provider */
  domains: readonly string[];
}

export const PROVIDERS: readonly Provider[] = [
  {
    id: 'gmail',
    label: 'Gmail',
    host: 'imap.gmail.com',
    port: 993,
    security: 'tls',
    passwordHint:
      'Gmail needs an app password (Google Account → Security → 2-Step Verification → App passwords), not your normal password.',
    domains: ['gmail.com', 'googlemail.com'],
  },
  {
    id: 'outlook',
    label: 'Outlook / Microsoft 365',
    host: 'outlook.office365.com',
    port: 993,
    security: 'tls',
    passwordHint:
      'Use an app password (account.microsoft.com → Security → Advanced security options). Work accounts need IMAP enabled by the administrator.',
    domains: ['outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'hotmail.co.uk', 'outlook.de'],
  },
  {
    id: 'fastmail',
    label: 'Fastmail',
    host: 'imap.fastmail.com',
    port: 993,
    security: 'tls',
    passwordHint:
      'Create an app password with IMAP access under Settings → Privacy & Security → App passwords.',
    domains: ['fastmail.com', 'fastmail.fm', 'messagingengine.com'],
  },
  {
    id: 'icloud',
    label: 'iCloud',
    host: 'imap.mail.me.com',
    port: 993,
    security: 'tls',
    passwordHint: 'iCloud needs an app-specific password from account.apple.com → Sign-In and Security.',
    domains: ['icloud.com', 'me.com', 'mac.com'],
  },
  {
    id: 'yahoo',
    label: 'Yahoo',
    host: 'imap.mail.yahoo.com',
    port: 993,
    security: 'tls',
    passwordHint: 'Yahoo needs an app password: Account Info → Account Security → Generate app password.',
    domains: ['yahoo.com', 'ymail.com', 'rocketmail.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de'],
  },
  {
    id: 'custom',
    label: 'Other (custom server)',
    host: '',
    port: 993,
    security: 'tls',
    passwordHint:
      'Your mail password, or an app password if your provider asks for one. Ask your provider for the IMAP server name.',
    domains: [],
  },
];

export function providerById(id: ProviderId): Provider {
  const found = PROVIDERS.find((provider) => provider.id === id);
  if (found === undefined) throw new Error(`unknown provider ${id}`);
  return found;
}

/** The domain of an address, lower-cased; null until the address has an "@" followed by something. */
export function addressDomain(address: string): string | null {
  const at = address.trim().lastIndexOf('@');
  if (at < 1) return null;
  const domain = address
    .trim()
    .slice(at + 1)
    .toLowerCase();
  return domain.length > 0 ? domain : null;
}

/**
 * The preset an address belongs to: its domain, or a sub-domain of a provider's domain, names the
 * provider; anything else is custom, with the common `imap.<domain>` as a first guess for the host.
 */
export function detectProvider(address: string): { provider: Provider; host: string } {
  const domain = addressDomain(address);
  const custom = providerById('custom');
  if (domain === null) return { provider: custom, host: '' };
  for (const provider of PROVIDERS) {
    if (provider.domains.some((known) => domain === known || domain.endsWith(`.${known}`))) {
      return { provider, host: provider.host };
    }
  }
  return { provider: custom, host: `imap.${domain}` };
}

/** The default port for a security mode (RFC 8314: 993 implicit TLS; 143 for STARTTLS or none). */
export function defaultPort(security: Security): number {
  return security === 'tls' ? 993 : 143;
}

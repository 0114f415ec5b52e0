/**
 * Finds the IMAP server for an email address the way mail programs do: the domain's DNS SRV records
 * (RFC 6186: _imaps._tcp for TLS, _imap._tcp for STARTTLS) first, then the usual host names probed in
 * parallel on 993 (TLS) and 143 (STARTTLS). A probe only reads the server's greeting: nothing is sent,
 * no password leaves the machine.
 */
import dns from 'node:dns/promises';
import net from 'node:net';
import tls from 'node:tls';
import type { Security } from '../../../src-shared/domain.ts';

export interface ServerCandidate {
  host: string;
  port: number;
  security: Exclude<Security, 'none'>;
  /** where the candidate came from */
  source: 'srv' | 'guess';
}

export interface DiscoverDeps {
  resolveSrv: (name: string) => Promise<{ name: string; port: number; priority: number; weight: number }[]>;
  /** true when an IMAP server greets at the candidate within the time limit */
  probe: (candidate: ServerCandidate, timeoutMs: number) => Promise<boolean>;
}

const DEFAULT_DEPS: DiscoverDeps = {
  resolveSrv: (name) => dns.resolveSrv(name),
  probe: probeGreeting,
};

/** The domain of an address, lower case; null when the address has none. */
export function domainOf(email: string): string | null {
  const at = email.trim().lastIndexOf('@');
  const domain =
    at < 0
      ? ''
      : email
          .trim()
          .slice(at + 1)
          .toLowerCase();
  return /^[a-z0-9.-]+\.[a-z0-9-]+$/.test(domain) ? domain : null;
}

/** The candidates to try, in order of preference: SRV records (by priority), then the usual names. */
export async function candidatesFor(
  domain: string,
  deps: Pick<DiscoverDeps, 'resolveSrv'>,
): Promise<ServerCandidate[]> {
  const fromSrv = async (
    service: string,
    security: ServerCandidate['security'],
  ): Promise<ServerCandidate[]> => {
    try {
      const records = await deps.resolveSrv(`_${service}._tcp.${domain}`);
      // RFC 6186 §4: a target of "." means the service is not offered.
      return records
        .filter((r) => r.name !== '' && r.name !== '.')
        .sort((a, b) => a.priority - b.priority || b.weight - a.weight)
        .map((r) => ({ host: r.name.replace(/\.$/, ''), port: r.port, security, source: 'srv' as const }));
    } catch {
      return [];
    }
  };
  const [imaps, imap] = await Promise.all([fromSrv('imaps', 'tls'), fromSrv('imap', 'starttls')]);
  const guesses: ServerCandidate[] = [];
  for (const host of [`imap.${domain}`, `mail.${domain}`, domain]) {
    guesses.push({ host, port: 993, security: 'tls', source: 'guess' });
    guesses.push({ host, port: 143, security: 'starttls', source: 'guess' });
  }
  const seen = new Set<string>();
  return [...imaps, ...imap, ...guesses].filter((c) => {
    const key = `${c.host}:${c.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The first candidate, in order of preference, whose server greets; all are probed at once, so the
 * whole search takes about one timeout at worst. Null when none answers.
 */
export async function discoverImapServer(
  email: string,
  options: { timeoutMs?: number; deps?: Partial<DiscoverDeps> } = {},
): Promise<ServerCandidate | null> {
  const domain = domainOf(email);
  if (domain === null) return null;
  const deps: DiscoverDeps = { ...DEFAULT_DEPS, ...options.deps };
  const timeoutMs = options.timeoutMs ?? 4000;
  const candidates = await candidatesFor(domain, deps);
  const answers = await Promise.all(candidates.map((c) => deps.probe(c, timeoutMs).catch(() => false)));
  return candidates.find((_, i) => answers[i] === true) ?? null;
}

/** Connects (TLS on 993-style candidates) and waits for an IMAP greeting: "* OK" or "* PREAUTH". */
export function probeGreeting(candidate: ServerCandidate, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket =
      candidate.security === 'tls'
        ? tls.connect({ host: candidate.host, port: candidate.port, servername: candidate.host })
        : net.connect({ host: candidate.host, port: candidate.port });
    let text = '';
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => {
      done(false);
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) done(/^\* (OK|PREAUTH)\b/i.test(text));
    });
    socket.on('error', () => {
      done(false);
    });
    socket.on('close', () => {
      done(false);
    });
  });
}

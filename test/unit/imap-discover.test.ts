import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  candidatesFor,
  discoverImapServer,
  domainOf,
  probeGreeting,
  type DiscoverDeps,
  type ServerCandidate,
} from '../../src-main/engine/imap/discover.ts';

const noSrv: DiscoverDeps['resolveSrv'] = () => Promise.reject(new Error('ENODATA'));

describe('domainOf', () => {
  it('takes the domain of an address and refuses what is not one', () => {
    expect(domainOf(' Ann@Mail.Example.ORG ')).toBe('mail.example.org');
    expect(domainOf('ann')).toBeNull();
    expect(domainOf('ann@localhost')).toBeNull();
  });
});

describe('candidatesFor', () => {
  it('puts SRV records first by priority, skips "." targets and does not repeat a guess', async () => {
    const records: Record<string, { name: string; port: number; priority: number; weight: number }[]> = {
      '_imaps._tcp.example.org': [
        { name: 'backup.example.org', port: 993, priority: 20, weight: 0 },
        { name: 'imap.example.org.', port: 993, priority: 10, weight: 0 },
      ],
      '_imap._tcp.example.org': [{ name: '.', port: 0, priority: 0, weight: 0 }],
    };
    const list = await candidatesFor('example.org', {
      resolveSrv: (name) =>
        records[name] ? Promise.resolve(records[name]) : Promise.reject(new Error('none')),
    });
    expect(list.slice(0, 3).map((c) => `${c.source} ${c.host}:${c.port} ${c.security}`)).toEqual([
      'srv imap.example.org:993 tls',
      'srv backup.example.org:993 tls',
      'guess imap.example.org:143 starttls',
    ]);
    expect(list.filter((c) => c.host === 'imap.example.org' && c.port === 993)).toHaveLength(1);
  });
});

describe('discoverImapServer', () => {
  it('answers the most preferred candidate that greets, probing all at once', async () => {
    const probed: string[] = [];
    const probe = (c: ServerCandidate): Promise<boolean> => {
      probed.push(`${c.host}:${c.port}`);
      return Promise.resolve(c.host === 'mail.example.org' || c.host === 'example.org');
    };
    const found = await discoverImapServer('ann@example.org', { deps: { resolveSrv: noSrv, probe } });
    expect(found).toEqual({ host: 'mail.example.org', port: 993, security: 'tls', source: 'guess' });
    expect(probed).toHaveLength(6);
  });

  it('answers null when nothing greets, and for an address without a domain', async () => {
    const deps = { resolveSrv: noSrv, probe: () => Promise.resolve(false) };
    expect(await discoverImapServer('ann@example.org', { deps })).toBeNull();
    expect(await discoverImapServer('not an address', { deps })).toBeNull();
  });
});

describe('probeGreeting', () => {
  const servers: net.Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (s) =>
          new Promise<void>((resolve) =>
            s.close(() => {
              resolve();
            }),
          ),
      ),
    );
  });
  const listen = async (onConnect: (socket: net.Socket) => void): Promise<number> => {
    const server = net.createServer(onConnect);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as net.AddressInfo).port;
  };
  const at = (port: number): ServerCandidate => ({
    host: '127.0.0.1',
    port,
    security: 'starttls',
    source: 'guess',
  });

  it('is true for an IMAP greeting and false for another protocol or silence', async () => {
    const imap = await listen((s) => s.end('* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n'));
    const smtp = await listen((s) => s.end('220 mail.example.org ESMTP\r\n'));
    const quiet = await listen(() => undefined);
    expect(await probeGreeting(at(imap), 2000)).toBe(true);
    expect(await probeGreeting(at(smtp), 2000)).toBe(false);
    expect(await probeGreeting(at(quiet), 200)).toBe(false);
  });
});

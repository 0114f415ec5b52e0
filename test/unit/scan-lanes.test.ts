import { setTimeout as sleep } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FolderInfo } from '../../src-shared/domain.ts';
import type { RunContext } from '../../src-main/engine/backfill/run-context.ts';
import { scanInLanes } from '../../src-main/engine/backfill/scan-lanes.ts';
import type { ImapSession } from '../../src-main/engine/imap/session.ts';

// The extra connections' logins are the test's to control; the run's own session is a fake as well.
const logins: { resolve: (s: ImapSession) => void; reject: (e: Error) => void }[] = [];
vi.mock('../../src-main/engine/imap/session.ts', () => ({
  openSession: () =>
    new Promise<ImapSession>((resolve, reject) => {
      logins.push({ resolve, reject });
    }),
}));

function fakeSession(name: string): ImapSession & { name: string; closed: boolean } {
  return {
    name,
    closed: false,
    // never connected: the scans here do not talk IMAP
    client: new ImapFlow({ host: '127.0.0.1', port: 1, auth: { user: 'u', pass: 'p' }, logger: false }),
    connections: 1,
    reconnect: () => Promise.resolve(),
    abort: () => undefined,
    close() {
      this.closed = true;
      return Promise.resolve();
    },
  };
}

function runContext(session: ImapSession): RunContext {
  return {
    request: {} as RunContext['request'],
    hooks: {},
    session,
    resilience: {} as RunContext['resilience'],
    throttle: {} as RunContext['throttle'],
  };
}

const folders = Array.from({ length: 8 }, (_, i): FolderInfo => ({
  path: `F${i}`,
  name: `F${i}`,
  delimiter: '/',
  parentPath: '',
  specialUse: null,
  selectable: true,
  messages: 0,
  bytes: null,
  uidValidity: null,
  uidNext: null,
  defaultSelected: true,
}));

/** Scans take 10 ms each and report which connection did them. */
function recordingScan(log: { folder: string; lane: string }[]) {
  return async (lane: RunContext, folder: FolderInfo): Promise<string> => {
    log.push({ folder: folder.path, lane: (lane.session as { name?: string }).name ?? '?' });
    await sleep(10);
    return `scanned ${folder.path}`;
  };
}

describe('scanning folders over several connections', () => {
  beforeEach(() => {
    logins.length = 0;
  });

  it('starts on the run’s connection at once, lets extra ones join as they log in, and closes a late one unused', async () => {
    const log: { folder: string; lane: string }[] = [];
    const main = fakeSession('main');
    const scanning = scanInLanes(runContext(main), folders, recordingScan(log));
    for (let waited = 0; log.length === 0 && waited < 1000; waited += 1) await sleep(1);
    expect(logins).toHaveLength(2);
    expect(log.length).toBeGreaterThan(0);
    // Nothing waited for the extra logins: the run's own connection is already scanning.
    expect(new Set(log.map((l) => l.lane))).toEqual(new Set(['main']));
    const extra = fakeSession('extra');
    logins[0]?.resolve(extra);

    const results = await scanning;
    expect(results).toEqual(folders.map((f) => `scanned ${f.path}`));
    expect(log.map((l) => l.folder).sort()).toEqual(folders.map((f) => f.path));
    expect(log.some((l) => l.lane === 'extra')).toBe(true);
    expect(extra.closed).toBe(true);
    expect(main.closed).toBe(false);

    // The second login was still pending when the scan ended: it is closed as soon as it arrives.
    const late = fakeSession('late');
    logins[1]?.resolve(late);
    await sleep(1);
    expect(late.closed).toBe(true);
    expect(log.some((l) => l.lane === 'late')).toBe(false);
  });

  it('goes on over the run’s connection alone when the server refuses more', async () => {
    const log: { folder: string; lane: string }[] = [];
    const scanning = scanInLanes(runContext(fakeSession('main')), folders, recordingScan(log));
    for (const login of logins) login.reject(new Error('Too many simultaneous connections'));
    const results = await scanning;
    expect(results).toHaveLength(folders.length);
    expect(new Set(log.map((l) => l.lane))).toEqual(new Set(['main']));
  });
});

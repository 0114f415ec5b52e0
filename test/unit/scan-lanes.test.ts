import { setTimeout as sleep } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FolderInfo } from '../../src-shared/domain.ts';
import type { RunContext } from '../../src-main/engine/import/run-context.ts';
import { createFolderQueue } from '../../src-main/engine/import/folder-queue.ts';
import {
  scanInLanes,
  startScanLanes,
  type FolderScan,
  type LaneOptions,
  type ScanLanes,
} from '../../src-main/engine/import/scan-lanes.ts';
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

/** Lanes over a queue of the folders, with each folder's scan as the import waits for it (in order). */
function lanesOver(
  main: ImapSession,
  list: FolderInfo[],
  scan: FolderScan<string>,
  options: LaneOptions = {},
): ScanLanes & { results: Promise<string>[] } {
  const queue = createFolderQueue(list, { accept: (scanned: string) => scanned });
  const lanes = startScanLanes(runContext(main), queue, scan, options);
  return { ...lanes, results: list.map((_, index) => queue.whenPlanned(index)) };
}

const asScanned = { accept: (scanned: string) => scanned };

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

/** Like recordingScan, except that the extra connection drops (after `afterMs`) on the folders `drops` picks. */
function scanDroppingOnExtra(
  log: { folder: string; lane: string }[],
  drops: (folder: FolderInfo) => boolean,
  afterMs = 0,
) {
  return async (lane: RunContext, folder: FolderInfo): Promise<string> => {
    if ((lane.session as { name?: string }).name === 'extra' && drops(folder)) {
      await sleep(afterMs);
      throw Object.assign(new Error('Connection closed'), { code: 'EConnectionClosed' });
    }
    return recordingScan(log)(lane, folder);
  };
}

/** A predicate that holds the first time `test` does, and never after. */
function firstTime(test: (folder: FolderInfo) => boolean): (folder: FolderInfo) => boolean {
  let done = false;
  return (folder) => {
    if (done || !test(folder)) return false;
    done = true;
    return true;
  };
}

describe('scanning folders over several connections', () => {
  beforeEach(() => {
    logins.length = 0;
  });

  it('starts on the run’s connection at once, lets extra ones join as they log in, and closes a late one unused', async () => {
    const log: { folder: string; lane: string }[] = [];
    const main = fakeSession('main');
    const scanning = scanInLanes(runContext(main), folders, recordingScan(log), asScanned);
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
    const scanning = scanInLanes(runContext(fakeSession('main')), folders, recordingScan(log), asScanned);
    for (const login of logins) login.reject(new Error('Too many simultaneous connections'));
    const results = await scanning;
    expect(results).toHaveLength(folders.length);
    expect(new Set(log.map((l) => l.lane))).toEqual(new Set(['main']));
  });
});

describe('scanning beside an import', () => {
  beforeEach(() => {
    logins.length = 0;
  });

  /**
   * What the import does: asks for each folder in turn when its connection is free, waits for it, and
   * downloads it (30 ms here, three scans' worth).
   */
  const consumeInOrder = async (lanes: ScanLanes & { results: Promise<string>[] }): Promise<string[]> => {
    const results: string[] = [];
    for (const [index, result] of lanes.results.entries()) {
      lanes.scanHere(index);
      results.push(await result);
      await sleep(30);
    }
    return results;
  };

  it('scans over the run’s connection only the folders the import asks for and no other connection took', async () => {
    const log: { folder: string; lane: string }[] = [];
    const lanes = lanesOver(fakeSession('main'), folders, recordingScan(log), {
      runConnection: 'on-demand',
    });
    logins[0]?.resolve(fakeSession('extra'));
    logins[1]?.reject(new Error('Too many simultaneous connections'));

    expect(await consumeInOrder(lanes)).toEqual(folders.map((f) => `scanned ${f.path}`));
    await lanes.finished;
    // The first folder is wanted before the extra connection is in; the extra one does all the rest.
    expect(log.filter((l) => l.lane === 'main').map((l) => l.folder)).toEqual(['F0']);
    expect(log.filter((l) => l.lane === 'extra')).toHaveLength(folders.length - 1);
    expect(log).toHaveLength(folders.length);
  });

  it('hands a dropped extra connection’s folder back, without retrying on it, for the import to scan', async () => {
    const log: { folder: string; lane: string }[] = [];
    const extra = fakeSession('extra');
    const scan = scanDroppingOnExtra(
      log,
      firstTime((f) => f.path === 'F3'),
    );
    const lanes = lanesOver(fakeSession('main'), folders, scan, {
      runConnection: 'on-demand',
    });
    logins[0]?.resolve(extra);
    logins[1]?.reject(new Error('Too many simultaneous connections'));

    expect(await consumeInOrder(lanes)).toEqual(folders.map((f) => `scanned ${f.path}`));
    await lanes.finished;
    // The extra connection scanned up to F3 and was closed; the import's own scanned F3 on, in turn.
    expect(log.filter((l) => l.lane === 'extra').map((l) => l.folder)).toEqual(['F1', 'F2']);
    expect(log.filter((l) => l.lane === 'main').map((l) => l.folder)).toEqual([
      'F0',
      ...folders.slice(3).map((f) => f.path),
    ]);
  });

  it('scans a folder the import is already waiting for over the run’s connection when its extra one drops', async () => {
    const log: { folder: string; lane: string }[] = [];
    const scan = scanDroppingOnExtra(log, () => true, 40);
    const lanes = lanesOver(fakeSession('main'), folders.slice(0, 3), scan, {
      runConnection: 'on-demand',
    });
    logins[0]?.resolve(fakeSession('extra'));
    logins[1]?.reject(new Error('Too many simultaneous connections'));
    lanes.scanHere(0);
    expect(await lanes.results[0]).toBe('scanned F0');
    // F1 is the extra connection's, which is still on it: the import waits for it, and it fails.
    lanes.scanHere(1);
    expect(await lanes.results[1]).toBe('scanned F1');
    lanes.scanHere(2);
    expect(await lanes.results[2]).toBe('scanned F2');
    await lanes.finished;
    expect(log.map((l) => `${l.lane} ${l.folder}`)).toEqual(['main F0', 'main F1', 'main F2']);
  });

  it('lets the run’s connection take over the scan when an extra one drops outside an import', async () => {
    const log: { folder: string; lane: string }[] = [];
    const scan = scanDroppingOnExtra(
      log,
      firstTime(() => true),
    );
    const scanning = scanInLanes(runContext(fakeSession('main')), folders, scan, asScanned);
    logins[0]?.resolve(fakeSession('extra'));
    logins[1]?.reject(new Error('Too many simultaneous connections'));

    expect(await scanning).toEqual(folders.map((f) => `scanned ${f.path}`));
    expect(log.filter((l) => l.lane === 'extra')).toHaveLength(0);
    expect(log).toHaveLength(folders.length);
  });

  it('takes a dropped extra connection’s folder up again on the run’s connection after it ran out of work', async () => {
    const log: { folder: string; lane: string }[] = [];
    const scan = scanDroppingOnExtra(log, () => true, 60);
    const scanning = scanInLanes(runContext(fakeSession('main')), folders.slice(0, 3), scan, asScanned);
    logins[0]?.resolve(fakeSession('extra'));
    logins[1]?.reject(new Error('Too many simultaneous connections'));

    expect(await scanning).toEqual(['scanned F0', 'scanned F1', 'scanned F2']);
    expect(log.every((l) => l.lane === 'main')).toBe(true);
  });

  it('stops taking folders when stopped: those not reached reject, the extra connections close', async () => {
    const log: { folder: string; lane: string }[] = [];
    const extra = fakeSession('extra');
    const lanes = lanesOver(fakeSession('main'), folders, recordingScan(log));
    logins[0]?.resolve(extra);
    logins[1]?.reject(new Error('Too many simultaneous connections'));
    await lanes.results[0];
    await lanes.stop();

    const outcomes = await Promise.allSettled(lanes.results);
    const scanned = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(scanned).toBe(log.length);
    expect(scanned).toBeLessThan(folders.length);
    expect(outcomes.slice(scanned).every((o) => o.status === 'rejected')).toBe(true);
    expect(extra.closed).toBe(true);
  });
});

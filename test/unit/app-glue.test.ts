import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultImportOptions, type ImportProgress, type JobInfo } from '../../src-shared/domain.ts';
import { createEngineClient } from '../../src-main/app/engine-client.ts';
import type { EnginePort, FromEngine, ToEngine } from '../../src-main/app/engine-protocol.ts';
import { serveEngine, type ParentPortLike } from '../../src-main/app/engine-server.ts';
import { createJobFeedback, progressFraction } from '../../src-main/app/job-feedback.ts';
import { validBounds } from '../../src-main/app/window-bounds.ts';
import { createHandlerArchive, type HandlerArchive } from '../support/handler-archive.ts';

/** Main's port and the utility process's parent port, joined like Electron joins them: cloned, async. */
function channelPair(): { main: EnginePort; engine: ParentPortLike; sent: ToEngine[] } {
  const toMain = new Set<(message: FromEngine) => void>();
  const toEngine = new Set<(event: { data: ToEngine }) => void>();
  const sent: ToEngine[] = [];
  return {
    sent,
    main: {
      postMessage(message) {
        sent.push(message);
        const copy = structuredClone(message);
        setImmediate(() => {
          for (const listener of toEngine) listener({ data: copy });
        });
      },
      on: (_event, listener) => toMain.add(listener),
    },
    engine: {
      postMessage(message) {
        const copy = structuredClone(message);
        setImmediate(() => {
          for (const listener of toMain) listener(copy);
        });
      },
      on: (_event, listener) => toEngine.add(listener),
    },
  };
}

describe('main ↔ engine process', () => {
  let archive: HandlerArchive;
  let closedEngine: boolean;
  beforeEach(() => {
    archive = createHandlerArchive();
    closedEngine = false;
  });
  afterEach(() => {
    archive.close();
  });

  const connect = (): { client: ReturnType<typeof createEngineClient>; sent: ToEngine[] } => {
    const pair = channelPair();
    serveEngine(pair.engine, archive.handlers, () => {
      closedEngine = true;
      return Promise.resolve();
    });
    return { client: createEngineClient(pair.main), sent: pair.sent };
  };

  it('answers the window through the engine with the Reply value', async () => {
    const { client } = connect();
    const reply = await client.invoke('search:query', { query: 'zeppelin' });
    expect(reply).toMatchObject({ ok: true, value: { totalThreads: 1 } });
  });

  it('validates the channel and the request in main, before anything is forwarded', async () => {
    const { client, sent } = connect();
    expect(await client.invoke('shell:exec', { command: 'rm -rf ~' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request' },
    });
    const bad = await client.invoke('message:get', { id: 'DROP TABLE messages' });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.any(String) as string },
    });
    expect(sent).toEqual([]);
  });

  it("relays the engine's events to main's listeners", async () => {
    const { client } = connect();
    const events: string[] = [];
    const off = client.onEvent((event, payload) => {
      events.push(`${event} ${(payload as JobInfo).state}`);
    });
    const options = {
      ...defaultImportOptions(),
      batchSize: 100,
    };
    const started = await client.invoke('import:start', { account: 'work', options });
    expect(started.ok).toBe(true);
    off();
    expect(events).toEqual(['job:state running']);
  });

  it('closes the engine (pausing its jobs) before the app quits', async () => {
    const { client } = connect();
    await client.close(2000);
    expect(closedEngine).toBe(true);
  });

  it('never leaves the window waiting when the engine process dies', async () => {
    const port: EnginePort = { postMessage: () => undefined, on: () => undefined };
    const client = createEngineClient(port);
    const pending = client.invoke('accounts:list', {});
    client.exited('exit code 9');
    expect(await pending).toMatchObject({ ok: false, error: { code: 'archive' } });
    expect(await client.invoke('accounts:list', {})).toMatchObject({ ok: false });
  });
});

const progress = (over: Partial<ImportProgress>): ImportProgress => ({
  phase: 'fetching',
  folder: 'INBOX',
  folderIndex: 0,
  folderCount: 1,
  foldersPlanned: 1,
  done: 0,
  total: 0,
  bytes: 0,
  totalBytes: 0,
  overallDone: 0,
  overallTotal: 100,
  overallBytes: 0,
  overallTotalBytes: 1000,
  messagesPerSecond: 0,
  bytesPerSecond: 0,
  etaSeconds: null,
  ...over,
});

const job = (over: Partial<JobInfo>): JobInfo => ({
  id: 1,
  account: 'work',
  state: 'running',
  waitingReason: null,
  waitingUntil: null,
  options: defaultImportOptions(),
  retryFailed: false,
  summary: null,
  error: null,
  createdAt: 0,
  updatedAt: 0,
  ...over,
});

describe('taskbar progress and notifications', () => {
  it('shows bytes done, busy while planning or totals still grow, and the least advanced of several imports', () => {
    expect(progressFraction(progress({ overallBytes: 250 }))).toBe(0.25);
    expect(progressFraction(progress({ overallTotalBytes: 0, overallDone: 50 }))).toBe(0.5);
    expect(progressFraction(progress({ phase: 'planning' }))).toBeGreaterThan(1);
    // Folders still being scanned: the totals are a lower bound, a fraction of them would jump back.
    expect(
      progressFraction(progress({ overallBytes: 250, folderCount: 3, foldersPlanned: 2 })),
    ).toBeGreaterThan(1);
    const feedback = createJobFeedback();
    expect(feedback.progress(1, progress({ overallBytes: 800 })).bar).toBe(0.8);
    expect(feedback.progress(2, progress({ overallBytes: 100 })).bar).toBe(0.1);
    expect(feedback.state(job({ id: 2, state: 'paused' }))).toEqual({ bar: 0.8, notice: null });
  });

  it('hides the bar and notifies once a job completes or fails', () => {
    const feedback = createJobFeedback();
    feedback.progress(1, progress({ overallBytes: 500 }));
    const summary = {
      dryRun: false,
      account: 'work',
      folders: [],
      folderCount: 0,
      inRange: 20,
      alreadyArchived: 7,
      leftOut: 0,
      toFetch: 13,
      toFetchBytes: 0,
      fetched: 12,
      new: 10,
      sameContent: 2,
      failed: 1,
      vanished: 0,
      parseFailed: 0,
      badInternalDates: 0,
      bytes: 0,
      seconds: 3,
    };
    const done = feedback.state(job({ state: 'completed', summary }));
    expect(done.bar).toBeLessThan(0);
    expect(done.notice).toEqual({
      title: 'Import of work finished',
      body: '10 stored as new, 9 already in the archive, 1 failed (retryable).',
    });
    const failed = createJobFeedback().state(
      job({ state: 'failed', error: 'The server rejected the login.' }),
    );
    expect(failed.notice?.body).toBe('The server rejected the login.');
    // The server's words, shown and not obeyed by the notification.
    const hostile = createJobFeedback().state(job({ state: 'failed', error: 'NO \u202egnp.exe\u001b[2J' }));
    expect(hostile.notice?.body).toBe('NO ⟨U+202E⟩gnp.exe⟨U+001B⟩[2J');
  });
});

describe('window settings', () => {
  it('restores only bounds that describe a usable window', () => {
    expect(validBounds({ x: 10, y: 20, width: 1000, height: 700 })).toEqual({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
    });
    expect(validBounds({ x: 10, y: 20, width: 10, height: 700 })).toBeNull();
    expect(validBounds({ x: '10', y: 20, width: 1000, height: 700 })).toBeNull();
    expect(validBounds(null)).toBeNull();
  });
});

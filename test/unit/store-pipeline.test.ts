import { describe, expect, it } from 'vitest';
import type { FetchedBatch } from '../../src-main/engine/import/fetch-batch.ts';
import { createInFlight, createStorePipeline } from '../../src-main/engine/import/store-pipeline.ts';

/** A downloaded batch whose parse finishes when the test says so. */
function parsing(bytes: number): { done: Promise<FetchedBatch>; finish: () => void } {
  let finish = (): void => undefined;
  const done = new Promise<FetchedBatch>((resolve) => {
    finish = () => {
      resolve({ items: [], failures: [], vanished: [], bytes });
    };
  });
  return { done, finish };
}

/** Whether the promise has settled once pending callbacks have run. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe('store pipeline', () => {
  it('writes a folder’s batches in download order, whatever order they finish parsing in', async () => {
    const written: number[] = [];
    const pipeline = createStorePipeline(
      (b) => {
        written.push(b.bytes);
      },
      2,
      createInFlight(),
    );
    const first = parsing(1);
    const second = parsing(2);
    pipeline.add(first.done);
    pipeline.add(second.done);
    second.finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toEqual([]);
    first.finish();
    await pipeline.drain();
    expect(written).toEqual([1, 2]);
  });

  it('starts a write only when the one before it is committed (writes in another thread take time)', async () => {
    const events: string[] = [];
    const commits: (() => void)[] = [];
    const pipeline = createStorePipeline(
      (b) => {
        events.push(`start ${b.bytes}`);
        return new Promise<void>((resolve) => {
          commits.push(() => {
            events.push(`commit ${b.bytes}`);
            resolve();
          });
        });
      },
      2,
      createInFlight(),
    );
    const [first, second] = [parsing(1), parsing(2)];
    pipeline.add(first.done);
    pipeline.add(second.done);
    second.finish();
    first.finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['start 1']);
    // Three batches unwritten at most: the next download waits while both are still being written.
    expect(await isSettled(pipeline.readyForNext())).toBe(true);
    commits[0]?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['start 1', 'commit 1', 'start 2']);
    commits[1]?.();
    await pipeline.drain();
    expect(events).toEqual(['start 1', 'commit 1', 'start 2', 'commit 2']);
  });

  it('counts the batches in memory over folders, so the next folder waits on the last one’s parses', async () => {
    const inFlight = createInFlight();
    const previousFolder = createStorePipeline(() => undefined, 2, inFlight);
    const nextFolder = createStorePipeline(() => undefined, 2, inFlight);
    const tail = [parsing(1), parsing(2)];
    for (const batch of tail) previousFolder.add(batch.done);

    // Two batches of the previous folder are unparsed: neither folder may download another yet.
    const nextReady = nextFolder.readyForNext();
    const previousReady = previousFolder.readyForNext();
    expect(await isSettled(nextReady)).toBe(false);
    expect(await isSettled(previousReady)).toBe(false);

    // One parse done: both waiters go on (one waiter must not swallow the other's wake-up).
    tail[0]?.finish();
    expect(await isSettled(nextReady)).toBe(true);
    expect(await isSettled(previousReady)).toBe(true);
    tail[1]?.finish();
    await previousFolder.drain();
  });

  it('holds a large message alone: it waits for the run to be quiet, and the next download waits for it', async () => {
    const inFlight = createInFlight();
    const previousFolder = createStorePipeline(() => undefined, 2, inFlight);
    const pipeline = createStorePipeline(() => undefined, 2, inFlight);
    const earlier = parsing(1);
    previousFolder.add(earlier.done);
    // A batch of another folder is still in memory: the large message is not read whole yet.
    const quiet = pipeline.quiet();
    expect(await isSettled(quiet)).toBe(false);
    earlier.finish();
    expect(await isSettled(quiet)).toBe(true);

    const large = parsing(25_000_000);
    pipeline.add(large.done, true);
    // Nothing else is downloaded while it is parsed and written, in either folder.
    const next = pipeline.readyForNext();
    const otherNext = previousFolder.readyForNext();
    expect(await isSettled(next)).toBe(false);
    expect(await isSettled(otherNext)).toBe(false);
    large.finish();
    await pipeline.drain();
    expect(await isSettled(next)).toBe(true);
    expect(await isSettled(otherNext)).toBe(true);
  });

  it('stops taking batches after a failed write, and drain reports the failure', async () => {
    const pipeline = createStorePipeline(
      () => {
        throw new Error('disk full');
      },
      2,
      createInFlight(),
    );
    const batch = parsing(1);
    pipeline.add(batch.done);
    batch.finish();
    await expect(pipeline.drain()).rejects.toThrow('disk full');
    await expect(pipeline.readyForNext()).rejects.toThrow('disk full');
  });
});

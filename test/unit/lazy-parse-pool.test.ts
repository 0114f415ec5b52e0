/** A top-up with nothing new must not pay for starting parser threads; one with news starts them once. */
import { describe, expect, it } from 'vitest';
import { lazyParsePool, type ParsePool } from '../../src-main/engine/mime/pool.ts';

function countingStart(): { start: () => ParsePool; started: () => number; closed: () => number } {
  let started = 0;
  let closed = 0;
  const pool: ParsePool = {
    parse: () => Promise.reject(new Error('not in this test')),
    parseFile: () => Promise.reject(new Error('not in this test')),
    close: () => {
      closed += 1;
      return Promise.resolve();
    },
  };
  return {
    start: () => {
      started += 1;
      return pool;
    },
    started: () => started,
    closed: () => closed,
  };
}

describe('the parser threads of an import', () => {
  it('are never started when no message is parsed, and closing then does nothing', async () => {
    const counts = countingStart();
    await lazyParsePool(counts.start).close();
    expect(counts.started()).toBe(0);
    expect(counts.closed()).toBe(0);
  });

  it('start once, on warm() or the first message, and close once', async () => {
    const counts = countingStart();
    const pool = lazyParsePool(counts.start);
    pool.warm();
    await expect(pool.parse(Buffer.from('x'))).rejects.toThrow('not in this test');
    await expect(pool.parseFile('/nowhere', null)).rejects.toThrow('not in this test');
    expect(counts.started()).toBe(1);
    await pool.close();
    expect(counts.closed()).toBe(1);
  });
});

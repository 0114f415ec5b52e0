import { describe, expect, it } from 'vitest';
import { CHUNK_LIMITS, createChunkSizer, TARGET_RANGE_MS } from '../../src-main/engine/import/chunk-size.ts';

const KiB = 1024;

describe('range size for large messages', () => {
  it('starts at 256 KiB and grows on a fast link without drops, up to 4 MiB', () => {
    const sizer = createChunkSizer();
    expect(sizer.size).toBe(256 * KiB);
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      seen.add(sizer.size);
      sizer.delivered(sizer.size, 20);
    }
    expect([...seen]).toEqual([256, 512, 1024, 2048, 4096].map((k) => k * KiB));
    expect(sizer.size).toBe(CHUNK_LIMITS.max);
  });

  it('halves after each drop, never below 64 KiB', () => {
    const sizer = createChunkSizer();
    sizer.dropped();
    expect(sizer.size).toBe(128 * KiB);
    for (let i = 0; i < 5; i++) sizer.dropped();
    expect(sizer.size).toBe(CHUNK_LIMITS.min);
  });

  it('stays small on a link that drops every few hundred KiB, however fast it is between drops', () => {
    const sizer = createChunkSizer();
    sizer.dropped();
    sizer.dropped();
    for (let connection = 0; connection < 50; connection++) {
      // ~250 KiB per connection: a few ranges arrive, then the next one is cut.
      for (let carried = 0; carried + sizer.size <= 250 * KiB; carried += sizer.size) {
        sizer.delivered(sizer.size, 5);
      }
      sizer.dropped();
    }
    expect(sizer.size).toBe(CHUNK_LIMITS.min);
  });

  it('does not grow when a bigger range would take longer than the target, and shrinks when one is slow', () => {
    const sizer = createChunkSizer();
    for (let i = 0; i < 50; i++) sizer.delivered(sizer.size, TARGET_RANGE_MS);
    expect(sizer.size).toBe(256 * KiB);
    sizer.delivered(sizer.size, 3 * TARGET_RANGE_MS);
    expect(sizer.size).toBe(128 * KiB);
  });

  it("learns nothing about speed from a message's short last range", () => {
    const sizer = createChunkSizer();
    for (let i = 0; i < 100; i++) sizer.delivered(1000, 1);
    expect(sizer.size).toBe(256 * KiB);
  });
});

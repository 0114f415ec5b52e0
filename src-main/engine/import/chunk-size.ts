/** Bounds of the byte ranges a large message is fetched in. */
export interface ChunkLimits {
  initial: number;
  min: number;
  max: number;
}

export const CHUNK_LIMITS: ChunkLimits = { initial: 256 * 1024, min: 64 * 1024, max: 4 * 1024 * 1024 };

/**
 * A range should arrive within about this long: long enough that the round trip before it is a small
 * share, short enough that a drop loses little and no range comes near the stall timeout.
 */
export const TARGET_RANGE_MS = 4000;

/**
 * The link must carry this many ranges' worth in a row without a drop before the range doubles. A link
 * that drops every few hundred KB so keeps the smallest ranges, each drop losing at most one of them
 * (docs/performance.md).
 */
const GROW_AFTER_RANGES = 8;

/** The range size for a large message's next byte range, learned from how the link behaves. */
export interface ChunkSizer {
  readonly size: number;
  /** a range of `bytes` arrived whole after `ms` */
  delivered(bytes: number, ms: number): void;
  /** the connection failed while a range was on its way */
  dropped(): void;
}

/**
 * Adapts the range size to the link, like a congestion window: halved after a drop or a slow range,
 * doubled when the link has carried several ranges in a row without a drop and the doubled range would
 * still arrive within the target time. Pure (no clock): the caller measures.
 */
export function createChunkSizer(limits: ChunkLimits = CHUNK_LIMITS): ChunkSizer {
  let size = limits.initial;
  /** bytes carried since the last drop (or slow range) */
  let streak = 0;
  const shrink = (): void => {
    size = Math.max(limits.min, Math.floor(size / 2));
    streak = 0;
  };
  return {
    get size() {
      return size;
    },
    delivered(bytes, ms) {
      if (ms > 2 * TARGET_RANGE_MS) {
        shrink();
        return;
      }
      streak += bytes;
      // Time per byte from a full range only: a message's short last range says little about the link.
      const full = bytes >= size;
      if (full && streak >= GROW_AFTER_RANGES * size && 2 * ms <= TARGET_RANGE_MS) {
        size = Math.min(limits.max, size * 2);
      }
    },
    dropped: shrink,
  };
}

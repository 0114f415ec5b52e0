/**
 * Pairwise clustering scores: every two messages the threading put together is a found pair, every two
 * messages of one real conversation a true pair. Precision = correct found pairs / found pairs, recall =
 * correct found pairs / true pairs. Counted from cluster sizes, so it is linear in the number of messages.
 */
export interface PairScores {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  foundPairs: number;
  correctPairs: number;
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

function sizes<K>(keys: Iterable<K>): Map<K, number> {
  const counted = new Map<K, number>();
  for (const key of keys) counted.set(key, (counted.get(key) ?? 0) + 1);
  return counted;
}

/** Scores found (message → thread) against truth (message → conversation) over the messages of truth. */
export function pairScores(
  found: ReadonlyMap<number, number>,
  truth: ReadonlyMap<number, number>,
): PairScores {
  const foundOf = (id: number): number => {
    const thread = found.get(id);
    if (thread === undefined) throw new Error(`message ${id} was not threaded`);
    return thread;
  };
  const ids = [...truth.keys()];
  let truePairs = 0;
  for (const n of sizes(truth.values()).values()) truePairs += pairs(n);
  let foundPairs = 0;
  for (const n of sizes(ids.map(foundOf)).values()) foundPairs += pairs(n);
  let correctPairs = 0;
  // A found thread and a conversation share a cell; its messages are the correct pairs.
  for (const n of sizes(ids.map((id) => `${foundOf(id)}:${truth.get(id) ?? ''}`)).values()) {
    correctPairs += pairs(n);
  }
  const precision = foundPairs === 0 ? 1 : correctPairs / foundPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePairs, foundPairs, correctPairs };
}

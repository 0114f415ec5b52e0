import { beforeAll, describe, expect, it } from 'vitest';
import { threadMessages, type ThreadInput } from '../../src-main/engine/threading/jwz.ts';
import { isGenericSubject, parseSubject } from '../../src-main/engine/threading/subject.ts';
import { pairScores, type PairScores } from '../support/pair-scores.ts';
import { createRng } from '../support/prng.ts';
import { generateThreadCorpus, type ThreadCorpus } from '../support/thread-corpus.ts';

const THREADS = 1_200;

function describeScores(label: string, s: PairScores): string {
  return (
    `${label}: pairwise precision ${s.precision.toFixed(4)}, recall ${s.recall.toFixed(4)}, ` +
    `F1 ${s.f1.toFixed(4)} (true pairs ${s.truePairs}, found ${s.foundPairs}, correct ${s.correctPairs})`
  );
}

/** The partition as sorted lists of the corpus's own ids, whatever ids the threading saw. */
function partition(found: Map<number, number>, originalId: (id: number) => number): string {
  const byThread = new Map<number, number[]>();
  for (const [id, thread] of found) byThread.set(thread, [...(byThread.get(thread) ?? []), originalId(id)]);
  return [...byThread.values()]
    .map((ids) => ids.sort((a, b) => a - b).join(','))
    .sort()
    .join(' ');
}

describe('threading over generated conversations', () => {
  let corpus: ThreadCorpus;
  beforeAll(() => {
    corpus = generateThreadCorpus({ threads: THREADS, seed: 1 });
  });

  it('groups over 1,000 damaged threads with pairwise F1 ≥ 0.99 and precision ≥ 0.995', () => {
    const found = threadMessages(corpus.messages);
    // A few generated threads lost every message to unimported folders; the rest are in the archive.
    const threads = new Set(corpus.truth.values()).size;
    const all = pairScores(found, corpus.truth);
    // Split by subject kind: generic-subject threads can only be rejoined through their headers.
    const generic = (id: number): boolean =>
      isGenericSubject(parseSubject(corpus.messages[id - 1]?.subject ?? null).normalized);
    const only = (keep: boolean): Map<number, number> =>
      new Map([...corpus.truth].filter(([id]) => generic(id) === keep));
    console.log(
      [
        `threading: ${threads} generated threads, ${corpus.messages.length} messages in the archive`,
        `  damage: ${JSON.stringify(corpus.counts)}`,
        `  ${describeScores('all threads', all)}`,
        `  ${describeScores('specific subjects', pairScores(found, only(false)))}`,
        `  ${describeScores('generic subjects', pairScores(found, only(true)))}`,
      ].join('\n'),
    );
    expect(threads).toBeGreaterThanOrEqual(1_000);
    expect(all.precision).toBeGreaterThanOrEqual(0.995);
    expect(all.f1).toBeGreaterThanOrEqual(0.99);
  });

  it('gives the same threads for any import order', () => {
    const expected = partition(threadMessages(corpus.messages), (id) => id);
    const rng = createRng(99);
    for (let round = 0; round < 5; round++) {
      // The archive numbers messages in import order, so a new order also means new ids.
      const order = [...corpus.messages];
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(0, i);
        [order[i], order[j]] = [order[j] as ThreadInput, order[i] as ThreadInput];
      }
      const renumbered = order.map((message, i) => ({ ...message, id: i + 1 }));
      const found = threadMessages(renumbered);
      expect(partition(found, (id) => order[id - 1]?.id ?? -1)).toBe(expected);
    }
  });
});

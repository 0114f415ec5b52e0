/**
 * The words for the counts of counts.ts: the labels, and the figures and sentences the CLI and the window
 * show, so both say the same thing about the same number. Runs anywhere.
 */
import { remaining, type CountKey, type FolderCounts } from './counts.ts';

/** What each number is, in the words the CLI and the window use for it. */
export const COUNT_LABELS: Record<CountKey | 'remaining', string> = {
  inRange: 'On the server in range',
  alreadyArchived: 'Already in the archive',
  leftOut: 'Left for later (--max-messages)',
  toFetch: 'To download',
  toFetchBytes: 'Size to download',
  fetched: 'Downloaded now',
  new: 'Stored as new',
  sameContent: 'Same as archived mail',
  failed: 'Failed',
  vanished: 'Gone from the server',
  parseFailed: 'Stored unparsed',
  badInternalDates: 'Stored with a fallback date',
  bytes: 'Bytes downloaded',
  remaining: 'Not downloaded yet',
};

export interface Figure {
  key: CountKey | 'remaining';
  label: string;
  value: number;
}

/** Shown only when not zero: they concern few imports. */
const WHEN_ANY: ReadonlySet<Figure['key']> = new Set([
  'leftOut',
  'vanished',
  'remaining',
  'parseFailed',
  'badInternalDates',
]);

/** The number a figure shows. */
export function figureValue(counts: FolderCounts, key: Figure['key']): number {
  return key === 'remaining' ? remaining(counts) : counts[key];
}

function figures(counts: FolderCounts, keys: readonly Figure['key'][]): Figure[] {
  return keys
    .map((key) => ({ key, label: COUNT_LABELS[key], value: figureValue(counts, key) }))
    .filter((f) => f.value !== 0 || !WHEN_ANY.has(f.key));
}

/** The numbers of an import's summary, in order, as the CLI and the window show them. */
export function summaryFigures(counts: FolderCounts): Figure[] {
  return figures(counts, [
    'inRange',
    'alreadyArchived',
    'leftOut',
    'toFetch',
    'fetched',
    'new',
    'sameContent',
    'failed',
    'vanished',
    'remaining',
  ]);
}

/** The numbers of a preview (what an import would do), in order. Sizes are toFetchBytes. */
export function previewFigures(counts: FolderCounts): Figure[] {
  return figures(counts, ['inRange', 'alreadyArchived', 'leftOut', 'toFetch']);
}

/**
 * The summary in two sentences whose parts add up, e.g. "1,123 on the server in range: 550 already in the
 * archive, 573 to download. 573 downloaded now: 539 stored as new, 34 same as archived mail; 0 failed."
 */
export function summarySentences(counts: FolderCounts, count: (n: number) => string): string[] {
  const part = (key: Figure['key'], value: number): string | null =>
    value === 0 && WHEN_ANY.has(key) ? null : `${count(value)} ${COUNT_LABELS[key].toLowerCase()}`;
  const parts = (list: [Figure['key'], number][]): string =>
    list
      .map(([key, value]) => part(key, value))
      .filter((p) => p !== null)
      .join(', ');
  return [
    `${part('inRange', counts.inRange) ?? ''}: ${parts([
      ['alreadyArchived', counts.alreadyArchived],
      ['leftOut', counts.leftOut],
      ['toFetch', counts.toFetch],
    ])}.`,
    `${part('fetched', counts.fetched) ?? ''}: ${parts([
      ['new', counts.new],
      ['sameContent', counts.sameContent],
    ])}; ${parts([
      ['failed', counts.failed],
      ['vanished', counts.vanished],
      ['remaining', remaining(counts)],
    ])}.`,
  ];
}

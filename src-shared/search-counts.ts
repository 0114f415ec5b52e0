/**
 * How many results a search has, defined once for the CLI and the window. A result is a thread, or a
 * message not grouped into a thread yet: an import groups the mail it stored only when it ends, so until
 * then each new message is a result of its own. Runs anywhere.
 */

export interface ResultCount {
  /** results (threads plus ungrouped messages), exact up to the cap */
  totalThreads: number;
  /** more results than totalThreads match: it is the cap, a lower bound */
  totalThreadsCapped: boolean;
  /** of the results, messages just imported and not grouped into threads yet */
  ungrouped: number;
}

const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

/**
 * "388 threads", "more than 1,000 threads", or during an import "724 results (375 threads and 349 new
 * messages not yet grouped into threads)", so a count never seems to jump when the grouping catches up.
 */
export function resultCountPhrase(count: ResultCount, format: (n: number) => string): string {
  const { totalThreads: total, totalThreadsCapped: capped, ungrouped } = count;
  if (capped) return `more than ${format(total)} ${ungrouped > 0 ? 'results' : 'threads'}`;
  if (ungrouped === 0) return `${format(total)} ${plural(total, 'thread', 'threads')}`;
  const threads = total - ungrouped;
  return (
    `${format(total)} ${plural(total, 'result', 'results')} (${format(threads)} ` +
    `${plural(threads, 'thread', 'threads')} and ${format(ungrouped)} new ` +
    `${plural(ungrouped, 'message', 'messages')} not yet grouped into threads)`
  );
}

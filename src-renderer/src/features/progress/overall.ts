import { foldersToScan, type ImportProgress } from '../../../../src-shared/domain.ts';
import { formatBytes, formatCount, fraction } from '../../lib/format.ts';

/** What the progress panel says about the whole run once downloading has begun. */
export interface OverallView {
  messages: string;
  bytes: string;
  /** "N more folders still to scan", or null once every folder is planned */
  unscanned: string | null;
  /** the overall bar's fill, or null (busy, no amount) while the totals can still grow */
  fraction: number | null;
}

/**
 * The run's counts against its totals. While folders are still to scan, the totals only count the planned
 * ones: they are shown as a lower bound, with no bar (it would jump back as the totals grow).
 */
export function overallView(progress: ImportProgress): OverallView {
  const unscanned = foldersToScan(progress);
  const atLeast = unscanned > 0 ? 'at least ' : '';
  return {
    messages: `${formatCount(progress.overallDone)} of ${atLeast}${formatCount(progress.overallTotal)} messages`,
    bytes: `${formatBytes(progress.overallBytes)} of ${atLeast}${formatBytes(progress.overallTotalBytes)}`,
    unscanned: unscanned > 0 ? `${unscanned} more folder${unscanned === 1 ? '' : 's'} still to scan` : null,
    fraction: unscanned > 0 ? null : fraction(progress.overallDone, progress.overallTotal),
  };
}

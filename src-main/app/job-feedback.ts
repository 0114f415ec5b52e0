/**
 * What the taskbar and the system notifications say about imports. Pure, so it is tested without
 * Electron; main.ts applies it with win.setProgressBar and Notification.
 */
import { foldersToScan, type ImportProgress, type JobInfo } from '../../src-shared/domain.ts';
import { visibleText } from '../../src-shared/visible-text.ts';

/** Electron's setProgressBar: a fraction in [0, 1], above 1 for "busy, amount unknown", below 0 to hide. */
export const PROGRESS_HIDDEN = -1;
export const PROGRESS_INDETERMINATE = 2;

/** The taskbar fraction for one running import: by bytes when sizes are known, else by messages. */
export function progressFraction(progress: ImportProgress): number {
  if (progress.phase === 'done') return PROGRESS_HIDDEN;
  // Totals still growing (folders being scanned) would make the bar jump back.
  if (progress.phase === 'planning' || foldersToScan(progress) > 0) {
    return PROGRESS_INDETERMINATE;
  }
  if (progress.overallTotalBytes > 0) return clamp(progress.overallBytes / progress.overallTotalBytes);
  if (progress.overallTotal > 0) return clamp(progress.overallDone / progress.overallTotal);
  return PROGRESS_INDETERMINATE;
}

const clamp = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * The notification for a job that just ended, or null when nothing worth interrupting the user happened.
 * A server's error text is shown, like everywhere in the window, with controls and bidi overrides visible.
 */
export function completionNotice(job: JobInfo): { title: string; body: string } | null {
  const account = visibleText(job.account);
  if (job.state === 'completed') {
    const s = job.summary;
    const failed = s && s.failed > 0 ? `, ${s.failed} failed (retryable)` : '';
    return {
      title: `Import of ${account} finished`,
      body: s
        ? `${s.new} stored as new, ${s.alreadyArchived + s.sameContent} already in the archive${failed}.`
        : 'Everything in range is archived.',
    };
  }
  if (job.state === 'failed') {
    return {
      title: `Import of ${account} stopped`,
      body: visibleText(job.error ?? 'See the import window for details.'),
    };
  }
  return null;
}

export interface FeedbackUpdate {
  /** the new taskbar value, or null to leave it as it is */
  bar: number | null;
  notice: { title: string; body: string } | null;
}

/**
 * Follows every import at once: the taskbar shows the least advanced running job (the one the user waits
 * for), and disappears when none is running.
 */
export function createJobFeedback(): {
  progress(jobId: number, progress: ImportProgress): FeedbackUpdate;
  state(job: JobInfo): FeedbackUpdate;
} {
  const running = new Map<number, number>();
  const bar = (): number => {
    if (running.size === 0) return PROGRESS_HIDDEN;
    const values = [...running.values()];
    const known = values.filter((v) => v >= 0 && v <= 1);
    return known.length === 0 ? PROGRESS_INDETERMINATE : Math.min(...known);
  };
  return {
    progress(jobId, progress) {
      const fraction = progressFraction(progress);
      if (fraction === PROGRESS_HIDDEN) running.delete(jobId);
      else running.set(jobId, fraction);
      return { bar: bar(), notice: null };
    },
    state(job) {
      if (job.state === 'running') {
        if (!running.has(job.id)) running.set(job.id, PROGRESS_INDETERMINATE);
        return { bar: bar(), notice: null };
      }
      const had = running.delete(job.id);
      return { bar: had ? bar() : null, notice: completionNotice(job) };
    },
  };
}

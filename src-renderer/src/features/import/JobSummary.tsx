/** How an import went, in the figures of counts.ts (parts that add up to their whole), then the error log. */
import { useEffect, useRef } from 'react';
import { summaryFigures, summarySentences } from '../../../../src-shared/count-figures.ts';
import { isEstimate } from '../../../../src-shared/counts.ts';
import type { JobInfo } from '../../../../src-shared/domain.ts';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { formatBytes, formatCount, formatDuration } from '../../lib/format.ts';
import { ErrorLog } from './ErrorLog.tsx';

const HEADLINE: Partial<Record<JobInfo['state'], string>> = {
  completed: 'Import finished',
  cancelled: 'Import cancelled',
  failed: 'Import stopped with an error',
};

export function JobSummary({
  job,
  onRetryStarted,
  takeFocus = false,
}: {
  job: JobInfo;
  onRetryStarted: (job: JobInfo) => void;
  /** the import just ended here: its progress panel (and maybe the focused Pause) is gone */
  takeFocus?: boolean;
}) {
  const summary = job.summary;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Only focus that fell to the page moves: a user busy elsewhere keeps their place.
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (takeFocus && lost) heading.current?.focus();
  }, [takeFocus]);
  return (
    <section className="card summary" aria-labelledby="summary-title">
      <h2 id="summary-title" ref={heading} tabIndex={-1}>
        {HEADLINE[job.state] ?? 'Last import'}
      </h2>
      {job.error !== null && <p className="error-message">{visibleText(job.error)}</p>}
      {summary !== null && (
        <>
          <dl className="figures" data-testid="summary">
            {summaryFigures(summary).map((figure) => (
              <div
                key={figure.key}
                data-count={figure.key}
                className={figure.key === 'failed' && figure.value > 0 ? 'figure figure-bad' : 'figure'}
              >
                <dt>{figure.label}</dt>
                <dd>{formatCount(figure.value)}</dd>
              </div>
            ))}
            <div className="figure" data-count="bytes">
              <dt>Bytes downloaded</dt>
              <dd>{formatBytes(summary.bytes)}</dd>
            </div>
            <div className="figure">
              <dt>Time</dt>
              <dd>{formatDuration(summary.seconds)}</dd>
            </div>
          </dl>
          <p className="muted" data-testid="summary-sentences">
            {isEstimate(summary) && 'So far (not every folder was counted): '}
            {summarySentences(summary, formatCount).join(' ')}
          </p>
        </>
      )}
      {summary !== null && summary.parseFailed > 0 && (
        <p className="muted">
          {formatCount(summary.parseFailed)} messages could not be parsed; they are stored byte for byte and
          can be exported, but search sees less of them.
        </p>
      )}
      {summary !== null && summary.badInternalDates > 0 && (
        <p className="muted">
          {formatCount(summary.badInternalDates)} messages came without a usable date from the server; they
          are stored with the date they were written (or imported) and flagged.
        </p>
      )}
      {summary !== null && (summary.failedFolders ?? 0) > 0 && (
        <p className="error-message">
          {formatCount(summary.failedFolders ?? 0)} folders were skipped because the server described them
          with values that cannot be right; the error log says which. The rest was imported.
        </p>
      )}
      <ErrorLog account={job.account} onRetryStarted={onRetryStarted} />
    </section>
  );
}

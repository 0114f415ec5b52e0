/** How a finished import went: fetched, new, already archived, failed and time, then the error log. */
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
}: {
  job: JobInfo;
  onRetryStarted: (job: JobInfo) => void;
}) {
  const summary = job.summary;
  const figures: [string, string][] =
    summary === null
      ? []
      : [
          ['Fetched', formatCount(summary.fetched)],
          ['New', formatCount(summary.new)],
          ['Already archived', formatCount(summary.duplicates)],
          ['Failed', formatCount(summary.failed)],
          ['Downloaded', formatBytes(summary.bytes)],
          ['Time', formatDuration(summary.seconds)],
        ];
  return (
    <section className="card summary" aria-labelledby="summary-title">
      <h2 id="summary-title">{HEADLINE[job.state] ?? 'Last import'}</h2>
      {job.error !== null && <p className="error-message">{visibleText(job.error)}</p>}
      {figures.length > 0 && (
        <dl className="figures" data-testid="summary">
          {figures.map(([label, value]) => (
            <div
              key={label}
              className={label === 'Failed' && summary?.failed ? 'figure figure-bad' : 'figure'}
            >
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {summary !== null && summary.parseFailed > 0 && (
        <p className="muted">
          {formatCount(summary.parseFailed)} messages could not be parsed; they are stored byte for byte and
          can be exported, but search sees less of them.
        </p>
      )}
      <ErrorLog account={job.account} onRetryStarted={onRetryStarted} />
    </section>
  );
}

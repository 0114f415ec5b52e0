/** A running (or paused, or waiting) import: overall and per-folder bars, rate, ETA, and its controls. */
import { useEffect, useState } from 'react';
import type { ImportProgress, JobInfo } from '../../../../src-shared/domain.ts';
import type { ReplyError } from '../../../../src-shared/ipc/contract.ts';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { useApi } from '../../api/context.tsx';
import { formatBytes, formatCount, formatDuration, fraction } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { ProgressBar } from '../../ui/ProgressBar.tsx';
import { settle } from '../../ui/reply.ts';
import { progressFromSummary } from '../../../../src-shared/job-counts.ts';
import { NEEDS_SIGN_IN, SignInAgain } from '../accounts/SignInAgain.tsx';
import { useJobs } from './JobsProvider.tsx';
import { overallView } from './overall.ts';
import { hasNothingToDo, isBackoff, waitingText } from './waiting.ts';

const STATE_LABEL: Record<JobInfo['state'], string> = {
  queued: 'Starting',
  running: 'Importing',
  paused: 'Paused',
  waiting: 'Waiting',
  cancelled: 'Cancelled',
  completed: 'Completed',
  failed: 'Failed',
};

export function ProgressPanel({ job }: { job: JobInfo }) {
  const api = useApi();
  const { state, update } = useJobs();
  const [busy, setBusy] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  // From the click on Pause until the engine says paused: the batch in flight finishes first.
  const [pausing, setPausing] = useState(false);
  if (pausing && job.state !== 'running' && job.state !== 'queued' && job.state !== 'waiting')
    setPausing(false);
  const [error, setError] = useState<ReplyError | null>(null);
  // Live events while the job runs; a paused job (or one this window has not seen run) shows its summary,
  // the numbers `mailtrove jobs --json` gives, with every folder its last run counted.
  const saved = job.summary === null ? null : progressFromSummary(job.summary);
  const live = job.state === 'paused' && saved !== null ? undefined : state.progress[job.id];
  const latest = live?.latest ?? saved?.overall;
  const folderRows = live ? Object.values(live.folders) : (saved?.folders ?? []);

  async function control(
    channel: 'jobs:pause' | 'jobs:resume' | 'jobs:cancel' | 'jobs:retryNow',
  ): Promise<void> {
    setBusy(true);
    setError(null);
    if (channel === 'jobs:pause') setPausing(true);
    const reply = await settle(api.invoke(channel, { jobId: job.id }));
    setBusy(false);
    setConfirmCancel(false);
    if (reply.ok) update(reply.value);
    else {
      setPausing(false);
      setError(reply.error);
    }
  }

  // While scanning, a resumed job still has the totals of its earlier runs to show.
  const counted = latest !== undefined && (latest.phase !== 'planning' || latest.overallTotal > 0);
  const overall = latest === undefined || !counted ? null : overallView(latest);
  const moving = job.state === 'running' || job.state === 'queued';
  return (
    <section className="card progress" aria-labelledby={`job-${job.id}-title`} aria-live="polite">
      <header className="progress-head">
        <h2 id={`job-${job.id}-title`}>
          {job.retryFailed ? 'Retrying failed messages' : job.options.dryRun ? 'Preview' : 'Import'}
        </h2>
        <span className={`state state-${pausing ? 'paused' : job.state}`} data-testid="job-state">
          {pausing
            ? 'Pausing…'
            : job.state === 'waiting' && job.waitingReason === NEEDS_SIGN_IN
              ? 'Needs sign-in'
              : STATE_LABEL[job.state]}
        </span>
      </header>
      {job.state === 'waiting' &&
        (job.waitingReason === NEEDS_SIGN_IN ? (
          <SignInAgain
            job={job}
            onResumed={(jobs) => {
              jobs.forEach(update);
            }}
          />
        ) : (
          <WaitingNote
            job={job}
            onRetryNow={
              isBackoff(job.waitingReason) && !busy
                ? () => {
                    void control('jobs:retryNow');
                  }
                : null
            }
          />
        ))}

      <ProgressBar value={overall?.fraction ?? null} label="Overall progress" busy={moving} />
      <p className="progress-numbers">
        {latest === undefined || overall === null ? (
          moving ? (
            'Looking at the folders…'
          ) : (
            'Nothing fetched in this run yet.'
          )
        ) : (
          <>
            <span data-testid="overall-messages">{overall.messages}</span>
            <span>{overall.bytes}</span>
            {overall.unscanned !== null && <span>{overall.unscanned}</span>}
            {job.state === 'running' && (
              <>
                <span>
                  {latest.messagesPerSecond.toFixed(1)} msg/s · {formatBytes(latest.bytesPerSecond)}/s
                </span>
                <span data-testid="eta" title="An estimate from the speed so far">
                  {latest.etaSeconds === null
                    ? 'estimating the time left'
                    : `about ${formatDuration(latest.etaSeconds)} left (estimate)`}
                </span>
              </>
            )}
          </>
        )}
      </p>

      <FolderBars folders={folderRows} />

      {error !== null && <ErrorBox error={error} />}
      <div className="actions">
        {job.state === 'paused' ? (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void control('jobs:resume')}
          >
            Resume
          </button>
        ) : (
          <button type="button" disabled={busy || pausing} onClick={() => void control('jobs:pause')}>
            {pausing ? 'Pausing…' : 'Pause'}
          </button>
        )}
        {confirmCancel ? (
          <>
            <span className="confirm">Stop this import? What is archived stays.</span>
            <button
              type="button"
              className="danger"
              disabled={busy}
              onClick={() => void control('jobs:cancel')}
            >
              Yes, cancel
            </button>
            <button
              type="button"
              className="quiet"
              onClick={() => {
                setConfirmCancel(false);
              }}
            >
              Keep going
            </button>
          </>
        ) : (
          <button
            type="button"
            className="quiet"
            disabled={busy}
            onClick={() => {
              setConfirmCancel(true);
            }}
          >
            Cancel…
          </button>
        )}
      </div>
    </section>
  );
}

function FolderBars({ folders }: { folders: ImportProgress[] }) {
  const shown = folders.filter((folder) => !hasNothingToDo(folder));
  const hidden = folders.length - shown.length;
  if (folders.length === 0) return null;
  return (
    <>
      <ul className="folder-bars" aria-label="Progress per folder">
        {shown.map((folder) => (
          <li key={folder.folder} data-folder={folder.folder}>
            <span className="folder-bar-name">{visibleText(folder.folder)}</span>
            <ProgressBar value={folderFraction(folder)} label={`${visibleText(folder.folder)} progress`} />
            <span className="folder-bar-numbers">
              {folder.phase === 'planning'
                ? 'counting…'
                : `${formatCount(folder.done)} / ${formatCount(folder.total)} · ${formatBytes(folder.bytes)}`}
            </span>
          </li>
        ))}
      </ul>
      {hidden > 0 && (
        <p className="hint" data-testid="folders-hidden">
          {formatCount(hidden)} folder{hidden === 1 ? '' : 's'} with nothing new to download not shown.
        </p>
      )}
    </>
  );
}

/** An empty folder is done once the engine says so, not while it is still being counted. */
function folderFraction(folder: ImportProgress): number {
  if (folder.total === 0) return folder.phase === 'done' ? 1 : 0;
  return fraction(folder.done, folder.total);
}

/** Why the job waits and, when the engine knows, how long: it goes on by itself. */
function WaitingNote({ job, onRetryNow }: { job: JobInfo; onRetryNow: (() => void) | null }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => {
      setNow(Date.now());
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, []);
  const left = job.waitingUntil === null ? null : (job.waitingUntil - now) / 1000;
  return (
    <p className="waiting">
      <span role="status">{visibleText(waitingText(job.waitingReason, left))}</span>
      {onRetryNow !== null && (
        <>
          {' '}
          <button type="button" className="link" onClick={onRetryNow}>
            Retry now
          </button>
        </>
      )}
    </p>
  );
}

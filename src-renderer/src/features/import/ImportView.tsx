/** One account: folders, date range, preview, and the import with its progress and summary. */
import { useEffect, useMemo, useState } from 'react';
import {
  describeRange,
  type DateRange,
  type FolderInfo,
  type ImportOptions,
  type ImportSummary,
} from '../../../../src-shared/domain.ts';
import type { AccountView, ReplyError } from '../../../../src-shared/ipc/contract.ts';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { useApi } from '../../api/context.tsx';
import { KeepUpToDate } from '../accounts/KeepUpToDate.tsx';
import { RemoveAccount } from '../accounts/RemoveAccount.tsx';
import { FolderTree } from '../folders/FolderTree.tsx';
import { buildFolderTree, defaultSelection } from '../folders/tree.ts';
import { isActive, latestJob } from '../progress/jobs-state.ts';
import { useJobs } from '../progress/JobsProvider.tsx';
import { ProgressPanel } from '../progress/ProgressPanel.tsx';
import { formatCount } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { settle } from '../../ui/reply.ts';
import { matchingPreset, presetRange, rangeProblem } from './dates.ts';
import { loadLastChoices, rememberChoices } from '../settings/last-choices.ts';
import { DateRangePicker } from './DateRangePicker.tsx';
import { JobSummary } from './JobSummary.tsx';
import { importOptions, lastYearOptions } from './options.ts';
import { PreviewTable } from './PreviewTable.tsx';

interface Props {
  account: AccountView;
  onRemoved: () => void;
}

const SECURITY_LABEL = { tls: 'TLS', starttls: 'STARTTLS', none: 'unencrypted' } as const;

interface Preview {
  options: ImportOptions;
  summary: ImportSummary;
}

export function ImportView({ account, onRemoved }: Props) {
  const api = useApi();
  const jobs = useJobs();
  const [folders, setFolders] = useState<FolderInfo[] | null>(null);
  const [foldersError, setFoldersError] = useState<ReplyError | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [range, setRange] = useState<DateRange>(() => presetRange('year', new Date()));
  const [previewFirst, setPreviewFirst] = useState(true);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'start' | null>(null);
  const [error, setError] = useState<ReplyError | null>(null);

  useEffect(() => {
    let live = true;
    void loadLastChoices(api).then((choices) => {
      if (!live) return;
      if (choices.rangePreset !== null) setRange(presetRange(choices.rangePreset, new Date()));
      setPreviewFirst(choices.previewFirst);
    });
    return () => {
      live = false;
    };
  }, [api]);

  // A preview counts the folders and range it was asked for: once they change, it no longer applies.
  const chooseRange = (next: DateRange): void => {
    setRange(next);
    setPreview(null);
    rememberChoices(api, { rangePreset: matchingPreset(next, new Date()) });
  };
  const chooseFolders = (next: Set<string>): void => {
    setSelected(next);
    setPreview(null);
  };

  useEffect(() => {
    let live = true;
    setFolders(null);
    setFoldersError(null);
    setPreview(null);
    void settle(api.invoke('folders:list', { account: account.name })).then((reply) => {
      if (!live) return;
      if (reply.ok) {
        setFolders(reply.value);
        setSelected(defaultSelection(reply.value));
      } else setFoldersError(reply.error);
    });
    return () => {
      live = false;
    };
  }, [api, account.name]);

  const tree = useMemo(() => buildFolderTree(folders ?? []), [folders]);
  const defaults = useMemo(() => defaultSelection(folders ?? []), [folders]);
  const job = latestJob(jobs.state, account.name);
  const running = job !== null && isActive(job.state) ? job : null;

  async function runPreview(options: ImportOptions): Promise<void> {
    setBusy('preview');
    setError(null);
    const reply = await settle(
      api.invoke('import:preview', { account: account.name, options: { ...options, dryRun: true } }),
    );
    setBusy(null);
    if (reply.ok) setPreview({ options: { ...options, dryRun: false }, summary: reply.value });
    else setError(reply.error);
  }

  async function start(options: ImportOptions): Promise<void> {
    setBusy('start');
    setError(null);
    const reply = await settle(
      api.invoke('import:start', { account: account.name, options: { ...options, dryRun: false } }),
    );
    setBusy(null);
    if (reply.ok) {
      setPreview(null);
      jobs.update(reply.value);
    } else setError(reply.error);
  }

  // The quick import shows its choice (default folders, last year) in the form before it counts or starts,
  // so the folders and dates on screen are always the ones the preview counted.
  const lastYear = (): void => {
    const options = lastYearOptions(new Date(), false);
    chooseFolders(new Set(defaults));
    chooseRange(options.range);
    void (previewFirst ? runPreview(options) : start(options));
  };
  const custom = importOptions(selected, defaults, range, false);
  const customProblem =
    rangeProblem(range) ?? (selected.size === 0 && folders !== null ? 'Tick at least one folder.' : null);
  const locked = busy !== null || running !== null;

  return (
    <div className="import-view">
      <header className="view-head">
        <div>
          <h1>{visibleText(account.name)}</h1>
          <p className="muted">
            {visibleText(`${account.user} · ${account.host}:${account.port}`)} ·{' '}
            {SECURITY_LABEL[account.security]}
            {!account.hasPassword && ' · no password saved'}
          </p>
        </div>
        <KeepUpToDate account={account.name} />
        <RemoveAccount account={account.name} onRemoved={onRemoved} />
      </header>

      {running !== null && <ProgressPanel job={running} />}
      {running === null && job !== null && <JobSummary key={job.id} job={job} onRetryStarted={jobs.update} />}

      <section className="card hero" aria-label="Quick import">
        <button type="button" className="big primary" disabled={locked} onClick={lastYear}>
          {busy === 'preview' ? 'Counting…' : busy === 'start' ? 'Starting…' : 'Import last year'}
        </button>
        <div>
          <p>
            All folders except Junk and Trash, mail from the last 365 days. Newest mail first; you can pause
            any time.
          </p>
          <label className="check">
            <input
              type="checkbox"
              checked={previewFirst}
              onChange={(event) => {
                setPreviewFirst(event.target.checked);
                rememberChoices(api, { previewFirst: event.target.checked });
              }}
            />
            Show a preview first (counts what is new, downloads nothing)
          </label>
        </div>
      </section>

      {error !== null && <ErrorBox error={error} title="The import could not start" />}

      {preview !== null && (
        <section className="card" aria-labelledby="preview-title">
          <h2 id="preview-title">Preview</h2>
          <p className="muted" data-testid="preview-choice">
            {preview.options.folders === null
              ? 'All folders except Junk and Trash'
              : `${formatCount(preview.options.folders.length)} chosen folder${preview.options.folders.length === 1 ? '' : 's'}`}
            , {describeRange(preview.options.range)}.
          </p>
          <PreviewTable summary={preview.summary} />
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={locked}
              onClick={() => void start(preview.options)}
            >
              Start import
            </button>
            <button
              type="button"
              className="quiet"
              onClick={() => {
                setPreview(null);
              }}
            >
              Close preview
            </button>
          </div>
        </section>
      )}

      <div className="columns">
        <section className="card" aria-labelledby="folders-title">
          <h2 id="folders-title">Folders</h2>
          {foldersError !== null && <ErrorBox error={foldersError} title="The folders could not be listed" />}
          {folders === null && foldersError === null && (
            <p className="muted">Asking the server for its folders…</p>
          )}
          {folders !== null && <FolderTree tree={tree} selected={selected} onChange={chooseFolders} />}
        </section>
        <section className="card" aria-labelledby="range-title">
          <h2 id="range-title">Date range</h2>
          <DateRangePicker range={range} onChange={chooseRange} />
          {customProblem !== null && folders !== null && selected.size === 0 && (
            <p className="hint warn">{customProblem}</p>
          )}
          <div className="actions">
            <button
              type="button"
              disabled={locked || customProblem !== null}
              onClick={() => void runPreview(custom)}
            >
              Preview
            </button>
            <button
              type="button"
              className="primary"
              disabled={locked || customProblem !== null}
              onClick={() => void start(custom)}
            >
              Import selection
            </button>
          </div>
        </section>
      </div>
    </div>
  );
}

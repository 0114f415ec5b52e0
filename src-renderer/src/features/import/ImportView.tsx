/**
 * One account: what to import (one selection of folders and dates, which "Import last year" fills), its
 * totals and preview, the import with its progress and summary. Removing the account comes last.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { describeRange, type ImportOptions, type ImportSummary } from '../../../../src-shared/domain.ts';
import type { AccountView, ReplyError } from '../../../../src-shared/ipc/contract.ts';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { useApi } from '../../api/context.tsx';
import { useInvoke } from '../../api/use-invoke.ts';
import { CompletenessCard } from '../completeness/CompletenessCard.tsx';
import { KeepUpToDate } from '../accounts/KeepUpToDate.tsx';
import { RemoveAccount } from '../accounts/RemoveAccount.tsx';
import { defaultSelection } from '../folders/tree.ts';
import { isActive, latestJob } from '../progress/jobs-state.ts';
import { useJobs } from '../progress/JobsProvider.tsx';
import { ProgressPanel } from '../progress/ProgressPanel.tsx';
import { formatCount } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { settle } from '../../ui/reply.ts';
import { matchingPreset, presetRange, rangeProblem } from './dates.ts';
import { loadLastChoices, rememberChoices } from '../settings/last-choices.ts';
import { ImportActions } from './ImportActions.tsx';
import { JobSummary } from './JobSummary.tsx';
import { PreviewTable } from './PreviewTable.tsx';
import { lastYearSelection, selectionOptions, selectionTotals, type Selection } from './selection.ts';
import { SelectionCard } from './SelectionCard.tsx';

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
  const listed = useInvoke('folders:list', { account: account.name });
  const folders = listed.value;
  const [selection, setSelection] = useState<Selection>(() => ({
    folders: new Set(),
    range: presetRange('year', new Date()),
  }));
  const [previewFirst, setPreviewFirst] = useState(true);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState<'preview' | 'start' | null>(null);
  const [error, setError] = useState<ReplyError | null>(null);
  const previewHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    void loadLastChoices(api).then((choices) => {
      if (!live) return;
      const preset = choices.rangePreset;
      if (preset !== null) setSelection((s) => ({ ...s, range: presetRange(preset, new Date()) }));
      setPreviewFirst(choices.previewFirst);
    });
    return () => {
      live = false;
    };
  }, [api]);

  // The folders ticked by default once the server has listed them.
  useEffect(() => {
    if (folders !== null) setSelection((s) => ({ ...s, folders: defaultSelection(folders) }));
  }, [folders]);

  // A shown preview takes the keyboard and the eye: the user reads it, then starts from the bar below.
  useEffect(() => {
    if (preview === null) return;
    previewHeading.current?.focus();
    previewHeading.current?.scrollIntoView({ block: 'start' });
  }, [preview]);

  // A preview counts the selection it was asked for: once that changes, it no longer applies.
  const choose = (next: Selection): void => {
    setSelection(next);
    setPreview(null);
    rememberChoices(api, { rangePreset: matchingPreset(next.range, new Date()) });
  };

  const job = latestJob(jobs.state, account.name);
  const running = job !== null && isActive(job.state) ? job : null;
  // The import last seen running in this view: when it ends, its summary takes the keyboard.
  const watched = useRef<number | null>(null);
  if (running !== null) watched.current = running.id;
  const totals = useMemo(
    () => (folders === null ? null : selectionTotals(selection, folders)),
    [selection, folders],
  );
  const problem =
    rangeProblem(selection.range) ??
    (folders !== null && selection.folders.size === 0 ? 'Choose at least one folder.' : null);
  const locked = busy !== null || running !== null || folders === null;

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

  // "Import last year" is a preset: it fills the selection on screen, so what is counted or imported is
  // always what the folders and dates show.
  const lastYear = (): void => {
    if (folders === null) return;
    const next = lastYearSelection(folders, new Date());
    choose(next);
    const options = selectionOptions(next, folders);
    void (previewFirst ? runPreview(options) : start(options));
  };

  return (
    <div className="import-view">
      <header className="view-head">
        <div>
          <h1>{visibleText(account.name)}</h1>
          <p className="muted">
            {visibleText(`${account.user} · ${account.host}:${account.port}`)} ·{' '}
            {SECURITY_LABEL[account.security]}
            {!account.hasPassword && account.oauth2 !== true && ' · no password saved'}
          </p>
        </div>
        <KeepUpToDate account={account.name} />
      </header>

      {running !== null && <ProgressPanel job={running} />}
      {running === null && job !== null && (
        <JobSummary
          key={job.id}
          job={job}
          onRetryStarted={jobs.update}
          takeFocus={watched.current === job.id}
        />
      )}
      {running === null && (
        <CompletenessCard account={account.name} refreshKey={job === null ? '' : `${job.id}:${job.state}`} />
      )}

      <section className="card hero" aria-label="Quick import">
        <button type="button" className="big primary" disabled={locked} onClick={lastYear}>
          Import last year
        </button>
        <div>
          <p>
            Chooses all folders except Junk and Trash and the last 365 days below
            {previewFirst ? ', then shows what that would download' : ' and starts'}. Newest mail first; you
            can pause any time.
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

      {preview !== null && (
        <section className="card" aria-labelledby="preview-title">
          <h2 id="preview-title" ref={previewHeading} tabIndex={-1}>
            Preview
          </h2>
          <p className="muted" data-testid="preview-choice">
            {preview.options.folders === null
              ? 'All folders except Junk and Trash'
              : `${formatCount(preview.options.folders.length)} chosen folder${preview.options.folders.length === 1 ? '' : 's'}`}
            , {describeRange(preview.options.range)}.
          </p>
          <PreviewTable summary={preview.summary} />
          <button
            type="button"
            className="quiet"
            onClick={() => {
              setPreview(null);
            }}
          >
            Close preview
          </button>
        </section>
      )}

      <SelectionCard folders={folders} foldersError={listed.error} selection={selection} onChange={choose} />

      {error !== null && <ErrorBox error={error} title="The import could not start" />}

      <ImportActions
        totals={totals}
        problem={problem}
        busy={busy}
        locked={locked}
        previewShown={preview !== null}
        onPreview={() => {
          if (folders !== null) void runPreview(selectionOptions(selection, folders));
        }}
        onStart={() => {
          if (preview !== null) void start(preview.options);
          else if (folders !== null) void start(selectionOptions(selection, folders));
        }}
      />

      <footer className="account-footer">
        <RemoveAccount account={account.name} onRemoved={onRemoved} />
      </footer>
    </div>
  );
}

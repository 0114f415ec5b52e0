/**
 * Exports the current search's messages. In the app: mbox (one file) or .eml files (one new folder), to
 * a place picked in the native save dialog. In a browser: an mbox download, since a page has no business
 * naming paths on the server's disk (and a folder of files is not one download).
 */
import { useId, useState } from 'react';
import type { Replies, ReplyError } from '../../../../src-shared/ipc/contract.ts';
import { exportDownloadUrl } from '../../../../src-shared/export-names.ts';
import { useApi, useTransportKind } from '../../api/context.tsx';
import { formatCount } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { exportWithDialog } from './export-flow.ts';

type Format = 'mbox' | 'eml';

export function ExportBar({ query }: { query: string }) {
  const kind = useTransportKind();
  return (
    <details className="export">
      <summary>Export these results…</summary>
      {kind === 'web' ? <DownloadExport query={query} /> : <DialogExport query={query} />}
    </details>
  );
}

function DownloadExport({ query }: { query: string }) {
  return (
    <div className="row">
      {/* A plain link: the browser streams the file to disk, however big, with the page's cookie. */}
      <a className="button primary" href={exportDownloadUrl(query)} download>
        Download mbox
      </a>
      <p className="hint">
        One mbox file with every matching message, byte for byte. The desktop app can also write .eml files.
      </p>
    </div>
  );
}

function DialogExport({ query }: { query: string }) {
  const api = useApi();
  const id = useId();
  const [format, setFormat] = useState<Format>('mbox');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Replies['export:run'] | null>(null);
  const [error, setError] = useState<ReplyError | null>(null);

  async function run(): Promise<void> {
    setBusy(true);
    setError(null);
    setResult(null);
    const outcome = await exportWithDialog(api, query, format);
    setBusy(false);
    if (outcome.kind === 'done') setResult(outcome.value);
    else if (outcome.kind === 'failed') setError(outcome.error);
  }

  return (
    <>
      <div className="row">
        <div>
          <label htmlFor={`${id}-format`}>Format</label>
          <select
            id={`${id}-format`}
            value={format}
            onChange={(event) => {
              setFormat(event.target.value as Format);
            }}
          >
            <option value="mbox">mbox (one file)</option>
            <option value="eml">.eml files (one new folder)</option>
          </select>
        </div>
        <button type="button" className="primary" disabled={busy} onClick={() => void run()}>
          {busy ? 'Exporting…' : 'Export…'}
        </button>
      </div>
      {result !== null && (
        <p className="success" role="status">
          Exported {formatCount(result.messages)} messages to {result.path}
        </p>
      )}
      {error !== null && <ErrorBox error={error} title="The export failed" />}
    </>
  );
}

/** Exports the current search's messages as mbox (one file) or .eml files (one folder). */
import { useEffect, useId, useState } from 'react';
import type { Replies, ReplyError } from '../../../../src-shared/ipc/contract.ts';
import { useApi } from '../../api/context.tsx';
import { formatCount } from '../../lib/format.ts';
import { formatDay } from '../import/dates.ts';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { settle } from '../../ui/reply.ts';

type Format = 'mbox' | 'eml';

/** Next to the archive by default: a place the engine can surely write to. */
export function defaultExportPath(archivePath: string, format: Format, today: Date): string {
  const cut = Math.max(archivePath.lastIndexOf('/'), archivePath.lastIndexOf('\\'));
  const dir = cut === -1 ? '.' : archivePath.slice(0, cut);
  const separator = cut === -1 ? '/' : (archivePath[cut] ?? '/');
  const base = `mailtrove-export-${formatDay(today)}`;
  return `${dir}${separator}${format === 'mbox' ? `${base}.mbox` : base}`;
}

export function ExportBar({ query }: { query: string }) {
  const api = useApi();
  const id = useId();
  const [format, setFormat] = useState<Format>('mbox');
  const [archivePath, setArchivePath] = useState<string | null>(null);
  const [out, setOut] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Replies['export:run'] | null>(null);
  const [error, setError] = useState<ReplyError | null>(null);

  useEffect(() => {
    void settle(api.invoke('app:info', {})).then((reply) => {
      if (reply.ok) setArchivePath(reply.value.archivePath);
    });
  }, [api]);
  useEffect(() => {
    if (archivePath !== null) setOut(defaultExportPath(archivePath, format, new Date()));
  }, [archivePath, format]);

  async function run(): Promise<void> {
    setBusy(true);
    setError(null);
    setResult(null);
    const reply = await settle(api.invoke('export:run', { source: { query }, format, out: out.trim() }));
    setBusy(false);
    if (reply.ok) setResult(reply.value);
    else setError(reply.error);
  }

  return (
    <details className="export">
      <summary>Export these results…</summary>
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
            <option value="eml">.eml files (one folder)</option>
          </select>
        </div>
        <div className="grow">
          <label htmlFor={`${id}-out`}>Save to</label>
          <input
            id={`${id}-out`}
            value={out}
            spellCheck={false}
            onChange={(event) => {
              setOut(event.target.value);
            }}
          />
        </div>
        <button
          type="button"
          className="primary"
          disabled={busy || out.trim() === ''}
          onClick={() => void run()}
        >
          {busy ? 'Exporting…' : 'Export'}
        </button>
      </div>
      {result !== null && (
        <p className="success" role="status">
          Exported {formatCount(result.messages)} messages to {result.path}
        </p>
      )}
      {error !== null && <ErrorBox error={error} title="The export failed" />}
    </details>
  );
}

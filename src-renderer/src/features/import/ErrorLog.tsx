/** The account's error log: messages an import could not archive, and "Retry failed". */
import { useState } from 'react';
import type { JobInfo, MessageErrorEntry } from '../../../../src-shared/domain.ts';
import type { ReplyError } from '../../../../src-shared/ipc/contract.ts';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { useApi } from '../../api/context.tsx';
import { useInvoke } from '../../api/use-invoke.ts';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { settle } from '../../ui/reply.ts';

export function ErrorLog({
  account,
  onRetryStarted,
}: {
  account: string;
  onRetryStarted: (job: JobInfo) => void;
}) {
  const api = useApi();
  const log = useInvoke('errors:list', { account });
  const entries: MessageErrorEntry[] | null = log.value;
  const [retryError, setError] = useState<ReplyError | null>(null);
  const error = log.error ?? retryError;
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);

  async function retry(): Promise<void> {
    setBusy(true);
    const reply = await settle(api.invoke('import:retryFailed', { account }));
    setBusy(false);
    if (reply.ok) onRetryStarted(reply.value);
    else setError(reply.error);
  }

  if (error !== null) return <ErrorBox error={error} title="The error log could not be read" />;
  if (entries === null) return null;
  if (entries.length === 0) return <p className="muted">No errors: every message in range is archived.</p>;
  return (
    <div className="error-log">
      <div className="actions">
        <button
          type="button"
          aria-expanded={open}
          onClick={() => {
            setOpen(!open);
          }}
        >
          {open ? 'Hide' : 'Show'} error log ({entries.length})
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void retry()}>
          Retry failed
        </button>
      </div>
      {open && (
        <div className="table-wrap">
          <table aria-label="Error log">
            <thead>
              <tr>
                <th scope="col">Folder</th>
                <th scope="col">UID</th>
                <th scope="col">Problem</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last try</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={`${entry.folder}/${entry.uidValidity}/${entry.uid}/${entry.code}`}>
                  <td>{visibleText(entry.folder)}</td>
                  <td>{entry.uid ?? 'whole folder'}</td>
                  <td>
                    <code>{entry.code}</code> {visibleText(entry.message)}
                  </td>
                  <td>{entry.attempts}</td>
                  <td>{new Date(entry.at).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

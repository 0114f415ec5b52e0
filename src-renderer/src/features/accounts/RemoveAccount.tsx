/** Removing an account, with an explicit choice about its archived mail (kept unless asked). */
import { useState } from 'react';
import type { ReplyError } from '../../../../src-shared/ipc/contract.ts';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { useApi } from '../../api/context.tsx';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { settle } from '../../ui/reply.ts';

export function RemoveAccount({ account, onRemoved }: { account: string; onRemoved: () => void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [deleteMail, setDeleteMail] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReplyError | null>(null);

  async function remove(): Promise<void> {
    setBusy(true);
    setError(null);
    const reply = await settle(api.invoke('accounts:remove', { account, deleteMail }));
    setBusy(false);
    if (reply.ok) onRemoved();
    else setError(reply.error);
  }

  if (!open) {
    return (
      <button
        type="button"
        className="quiet"
        onClick={() => {
          setOpen(true);
        }}
      >
        Remove account…
      </button>
    );
  }
  return (
    <div className="card remove" role="dialog" aria-label={`Remove ${visibleText(account)}`}>
      <p>
        Remove <strong>{visibleText(account)}</strong> from MailTrove? Its password is deleted from the
        keychain. Nothing on the mail server changes.
      </p>
      <label className="check">
        <input
          type="checkbox"
          checked={deleteMail}
          onChange={(event) => {
            setDeleteMail(event.target.checked);
          }}
        />
        Also delete its archived mail (messages other accounts also hold are kept)
      </label>
      {error !== null && <ErrorBox error={error} title="The account was not removed" />}
      <div className="actions">
        <button type="button" className="danger" disabled={busy} onClick={() => void remove()}>
          {deleteMail ? 'Remove account and mail' : 'Remove account, keep mail'}
        </button>
        <button
          type="button"
          className="quiet"
          autoFocus
          onClick={() => {
            setOpen(false);
          }}
        >
          Keep account
        </button>
      </div>
    </div>
  );
}

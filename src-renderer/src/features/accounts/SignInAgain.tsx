/** An OAuth2 account whose sign-in the provider refused: its job waits until the user signs in again. */
import { useState } from 'react';
import type { JobInfo } from '../../../../src-shared/domain.ts';
import type { ReplyError } from '../../../../src-shared/ipc/contract.ts';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { useApi } from '../../api/context.tsx';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { browserSignIn } from './browser-sign-in.ts';

/** What the engine writes as the waiting reason of such a job. */
export const NEEDS_SIGN_IN = 'needs sign-in';

export function SignInAgain({ job, onResumed }: { job: JobInfo; onResumed: (jobs: JobInfo[]) => void }) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReplyError | null>(null);

  async function signIn(): Promise<void> {
    setBusy(true);
    setError(null);
    const reply = await browserSignIn(api, { account: job.account }, () => undefined);
    setBusy(false);
    if (reply.ok) onResumed(reply.value.resumed);
    else setError(reply.error);
  }

  return (
    <div className="waiting needs-sign-in" role="status">
      <p>
        {visibleText(job.account)} needs sign-in: the provider no longer accepts MailTrove's sign-in (it was
        revoked, expired or the password changed). Nothing is lost; the import goes on once you sign in.
      </p>
      <button type="button" className="primary" disabled={busy} onClick={() => void signIn()}>
        {busy ? 'Waiting for the sign-in…' : 'Sign in again'}
      </button>
      {error !== null && <ErrorBox error={error} title="Signing in did not work" />}
    </div>
  );
}

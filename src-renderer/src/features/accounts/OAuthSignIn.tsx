/** "Sign in with Google/Microsoft" on those presets: no password, a refresh token in the keychain. */
import { useEffect, useState } from 'react';
import type { AccountView, ReplyError } from '../../../../src-shared/ipc/contract.ts';
import { useApi } from '../../api/context.tsx';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { browserSignIn } from './browser-sign-in.ts';

interface Props {
  provider: 'gmail' | 'microsoft';
  name: string;
  user: string;
  nameTaken: boolean;
  onSaved: (account: AccountView) => void;
}

const LABEL = { gmail: 'Google', microsoft: 'Microsoft' } as const;

export function OAuthSignIn({ provider, name, user, nameTaken, onSaved }: Props) {
  const api = useApi();
  const [hasClient, setHasClient] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);
  const [address, setAddress] = useState<string | null>(null);
  const [error, setError] = useState<ReplyError | null>(null);
  const who = LABEL[provider];

  useEffect(() => {
    let live = true;
    void api.invoke('oauth:clients', {}).then((reply) => {
      if (live) setHasClient(reply.ok ? reply.value[provider] : false);
    });
    return () => {
      live = false;
    };
  }, [api, provider]);

  async function signIn(): Promise<void> {
    setBusy(true);
    setError(null);
    const reply = await browserSignIn(api, { account: name, provider, user }, setAddress);
    setBusy(false);
    setAddress(null);
    if (reply.ok) onSaved(reply.value.account);
    else setError(reply.error);
  }

  if (hasClient === false) {
    return (
      <div className="oauth-sign-in" role="note">
        <p className="hint warn">
          Sign-in with {who} is not available in this build: it has no {who} client id. Use an app password
          below, or register your own client id and start MailTrove with it (see docs/oauth.md), or add the
          account with <code>mailtrove account add NAME --provider {provider} --client-id ID</code>.
        </p>
      </div>
    );
  }
  return (
    <div className="oauth-sign-in">
      <button
        type="button"
        className="primary"
        disabled={hasClient !== true || busy || name === '' || user === '' || nameTaken}
        onClick={() => void signIn()}
      >
        {busy ? `Waiting for ${who}…` : `Sign in with ${who}`}
      </button>
      <p className="hint">
        Opens {who}'s sign-in page in your browser; MailTrove keeps only a sign-in token in your keychain. Or
        use an app password below.
      </p>
      {address !== null && (
        <p className="hint" role="status">
          Finish signing in on the page that opened.{' '}
          <a href={address} target="_blank" rel="noreferrer">
            Open it again
          </a>
        </p>
      )}
      {error !== null && <ErrorBox error={error} title={`Signing in with ${who} did not work`} />}
    </div>
  );
}

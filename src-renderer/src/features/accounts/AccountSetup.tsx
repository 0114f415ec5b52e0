/** Account setup: the address first, then a provider preset fills in the server; test, then save. */
import { useId, useRef, useState, type SubmitEvent } from 'react';
import type { AccountConfig, Security } from '../../../../src-shared/domain.ts';
import type { AccountView, Replies, ReplyError } from '../../../../src-shared/ipc/contract.ts';
import { useApi } from '../../api/context.tsx';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { settle } from '../../ui/reply.ts';
import { explainSetupError, type SetupField } from './setup-errors.ts';
import { OAuthSignIn } from './OAuthSignIn.tsx';
import { SetupErrorBox } from './SetupErrorBox.tsx';
import { DiscoveryStatus } from './DiscoveryStatus.tsx';
import { useDiscovery } from './use-discovery.ts';
import { defaultPort, detectProvider, PROVIDERS, providerById, type ProviderId } from './providers.ts';

type TestResult = { ok: true; value: Replies['accounts:test'] } | { ok: false; error: ReplyError };

interface Props {
  existingNames: readonly string[];
  onSaved: (account: AccountView) => void;
  onCancel?: (() => void) | undefined;
}

export function AccountSetup({ existingNames, onSaved, onCancel }: Props) {
  const api = useApi();
  const id = useId();
  const [address, setAddress] = useState('');
  const [providerId, setProviderId] = useState<ProviderId>('custom');
  // Until the user edits a field by hand, the address drives it.
  const [touched, setTouched] = useState({ provider: false, host: false, user: false, name: false });
  const [host, setHost] = useState('');
  const [port, setPort] = useState(993);
  const [security, setSecurity] = useState<Security>('tls');
  const [user, setUser] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [test, setTest] = useState<TestResult | null>(null);
  const [saveError, setSaveError] = useState<ReplyError | null>(null);

  const provider = providerById(providerId);
  // A custom domain's server is searched for once the address is typed; the user's own entries win.
  const {
    discovery,
    find,
    cancel: cancelDiscovery,
  } = useDiscovery((server) => {
    if (touched.host || touched.provider) return;
    setHost(server.host);
    setPort(server.port);
    setSecurity(server.security);
  });

  function applyProvider(next: ProviderId, guessedHost: string): void {
    const preset = providerById(next);
    setProviderId(next);
    setHost(next === 'custom' ? guessedHost : preset.host);
    setPort(preset.port);
    setSecurity(preset.security);
  }

  function changeAddress(value: string): void {
    setAddress(value);
    setTest(null);
    cancelDiscovery();
    if (!touched.user) setUser(value.trim());
    if (!touched.name) setName(value.trim());
    if (!touched.provider && !touched.host) {
      const detected = detectProvider(value);
      applyProvider(detected.provider.id, detected.host);
    }
  }

  const config: AccountConfig = { name: name.trim(), host: host.trim(), port, security, user: user.trim() };
  const nameTaken = existingNames.includes(config.name);
  const complete =
    config.name !== '' && config.host !== '' && config.user !== '' && password !== '' && port > 0;

  // Cancel drops the answer of the test under way (the server's side ends at its own timeout).
  const testRun = useRef(0);
  async function testConnection(): Promise<void> {
    const run = ++testRun.current;
    setBusy('test');
    setTest(null);
    const reply = await settle(api.invoke('accounts:test', { account: config, password }));
    if (run !== testRun.current) return;
    setTest(reply);
    setBusy(null);
  }
  function cancelTest(): void {
    testRun.current += 1;
    setBusy(null);
  }

  const problem =
    test !== null && !test.ok ? explainSetupError(test.error, { host: config.host, port }) : null;
  /** Marks the field the failed test points at, and ties it to the explanation. */
  const fault = (which: SetupField) =>
    problem?.field === which ? { 'aria-invalid': true, 'aria-describedby': field('problem') } : {};

  async function save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!complete || nameTaken) return;
    setBusy('save');
    setSaveError(null);
    const reply = await settle(api.invoke('accounts:add', { account: config, password }));
    setBusy(null);
    if (reply.ok) onSaved(reply.value);
    else setSaveError(reply.error);
  }

  const field = (suffix: string): string => `${id}-${suffix}`;
  return (
    <form className="card setup" onSubmit={(event) => void save(event)} aria-labelledby={field('title')}>
      <h2 id={field('title')}>Add an account</h2>
      <p className="muted">
        MailTrove reads your mail over IMAP and never changes anything on the server. The password stays in
        your system's keychain.
      </p>

      <label htmlFor={field('address')}>Email address</label>
      <input
        id={field('address')}
        type="email"
        autoFocus
        autoComplete="email"
        placeholder="you@example.com"
        value={address}
        onChange={(event) => {
          changeAddress(event.target.value);
        }}
        onBlur={() => {
          if (providerId === 'custom' && !touched.host && !touched.provider) void find(address);
        }}
      />
      <DiscoveryStatus discovery={discovery} onCancel={cancelDiscovery} />

      <label htmlFor={field('provider')}>Provider</label>
      <select
        id={field('provider')}
        value={providerId}
        onChange={(event) => {
          setTouched({ ...touched, provider: true });
          const next = event.target.value as ProviderId;
          applyProvider(next, detectProvider(address).host);
          setTest(null);
        }}
      >
        {PROVIDERS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </select>

      {(providerId === 'gmail' || providerId === 'outlook') && (
        <OAuthSignIn
          provider={providerId === 'gmail' ? 'gmail' : 'microsoft'}
          name={config.name}
          user={config.user}
          nameTaken={nameTaken}
          onSaved={onSaved}
        />
      )}

      <div className="row server-row">
        <div className="grow">
          <label htmlFor={field('host')}>IMAP server</label>
          <input
            id={field('host')}
            {...fault('host')}
            value={host}
            placeholder="imap.example.com"
            spellCheck={false}
            onChange={(event) => {
              setTouched({ ...touched, host: true });
              cancelDiscovery();
              setHost(event.target.value);
              setTest(null);
            }}
          />
        </div>
        <div>
          <label htmlFor={field('port')}>Port</label>
          <input
            id={field('port')}
            {...fault('port')}
            className="port"
            inputMode="numeric"
            value={port === 0 ? '' : String(port)}
            onChange={(event) => {
              const value = Number.parseInt(event.target.value, 10);
              setPort(Number.isInteger(value) && value > 0 && value < 65536 ? value : 0);
              setTest(null);
            }}
          />
        </div>
        <div>
          <label htmlFor={field('security')}>Security</label>
          <select
            id={field('security')}
            {...fault('security')}
            value={security}
            onChange={(event) => {
              const next = event.target.value as Security;
              // Follow the usual port for the mode unless the user picked an unusual one.
              if (port === defaultPort(security)) setPort(defaultPort(next));
              setSecurity(next);
              setTest(null);
            }}
          >
            <option value="tls">TLS</option>
            <option value="starttls">STARTTLS</option>
            <option value="none">None (unencrypted)</option>
          </select>
        </div>
      </div>

      <label htmlFor={field('user')}>User name</label>
      <input
        id={field('user')}
        {...fault('user')}
        value={user}
        autoComplete="username"
        spellCheck={false}
        onChange={(event) => {
          setTouched({ ...touched, user: true });
          setUser(event.target.value);
          setTest(null);
        }}
      />

      <label htmlFor={field('password')}>Password</label>
      <input
        id={field('password')}
        type="password"
        autoComplete="current-password"
        value={password}
        aria-describedby={field('password-hint')}
        {...fault('password')}
        onChange={(event) => {
          setPassword(event.target.value);
          setTest(null);
        }}
      />
      <p id={field('password-hint')} className="hint">
        {provider.passwordHint}
      </p>

      <label htmlFor={field('name')}>Name in MailTrove</label>
      <input
        id={field('name')}
        value={name}
        aria-invalid={nameTaken}
        onChange={(event) => {
          setTouched({ ...touched, name: true });
          setName(event.target.value);
        }}
      />
      {nameTaken && <p className="hint warn">An account with this name already exists.</p>}

      {test !== null &&
        (test.ok ? (
          <p className="success" role="status">
            Connected. The server lists {test.value.folders} folders.
          </p>
        ) : (
          problem !== null && <SetupErrorBox id={field('problem')} problem={problem} />
        ))}
      {saveError !== null && <ErrorBox error={saveError} title="The account was not saved" />}

      <div className="actions">
        <button type="button" disabled={!complete || busy !== null} onClick={() => void testConnection()}>
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
        {busy === 'test' && (
          <button type="button" onClick={cancelTest}>
            Cancel test
          </button>
        )}
        <button type="submit" className="primary" disabled={!complete || nameTaken || busy !== null}>
          {busy === 'save' ? 'Saving…' : 'Save account'}
        </button>
        {onCancel !== undefined && (
          <button type="button" className="quiet" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** The window: accounts and search on the left, the chosen view on the right. */
import { useCallback, useEffect, useState } from 'react';
import type { AccountView, ReplyError } from '../../src-shared/ipc/contract.ts';
import { visibleText } from '../../src-shared/visible-text.ts';
import { useApi } from './api/context.tsx';
import { AccountSetup } from './features/accounts/AccountSetup.tsx';
import { ImportView } from './features/import/ImportView.tsx';
import { isActive, latestJob } from './features/progress/jobs-state.ts';
import { useJobs } from './features/progress/JobsProvider.tsx';
import { SearchView } from './features/search/SearchView.tsx';
import { ErrorBox } from './ui/ErrorBox.tsx';
import { MailIcon, PlusIcon, SearchIcon } from './ui/icons.tsx';
import { settle } from './ui/reply.ts';
import { useInvoke } from './api/use-invoke.ts';
import { loadLastChoices, rememberChoices } from './features/settings/last-choices.ts';

type View = { kind: 'account'; name: string } | { kind: 'setup' } | { kind: 'search' };

export function App() {
  const api = useApi();
  const jobs = useJobs();
  const [accounts, setAccounts] = useState<AccountView[] | null>(null);
  const [error, setError] = useState<ReplyError | null>(null);
  const version = useInvoke('app:info', {}).value?.version ?? null;
  const [view, setView] = useState<View | null>(null);

  const load = useCallback(async (): Promise<AccountView[] | null> => {
    const reply = await settle(api.invoke('accounts:list', {}));
    if (!reply.ok) {
      setError(reply.error);
      return null;
    }
    setError(null);
    setAccounts(reply.value);
    return reply.value;
  }, [api]);

  useEffect(() => {
    void Promise.all([load(), loadLastChoices(api)]).then(([list, choices]) => {
      if (list === null) return;
      // Back where the user was: the account shown last, else the first one.
      const first = list.find((a) => a.name === choices.account) ?? list[0];
      setView(
        (current) =>
          current ?? (first === undefined ? { kind: 'setup' } : { kind: 'account', name: first.name }),
      );
    });
  }, [api, load]);

  // `/` (outside a text field) and Ctrl+K or Cmd+K go to the search box from anywhere in the window.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const typing =
        event.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
      const slash = event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey;
      const commandK = event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.altKey;
      if (!slash && !commandK) return;
      event.preventDefault();
      setView({ kind: 'search' });
      // The box exists after the search view renders, which is now or in the next frame.
      const focus = (): void => {
        const box = document.getElementById('search-box');
        if (box instanceof HTMLInputElement) {
          box.focus();
          box.select();
        }
      };
      focus();
      requestAnimationFrame(focus);
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  const current = view?.kind === 'account' ? accounts?.find((a) => a.name === view.name) : undefined;

  return (
    <div className="app">
      <nav className="sidebar" aria-label="MailTrove">
        <div className="brand">
          <span className="logo">
            <MailIcon />
          </span>
          MailTrove
          {version !== null && <span className="version">v{version}</span>}
        </div>
        <button
          type="button"
          className="nav-item"
          aria-current={view?.kind === 'search' ? 'page' : undefined}
          onClick={() => {
            setView({ kind: 'search' });
          }}
        >
          <SearchIcon /> Search archive
        </button>
        <h2 className="nav-title">Accounts</h2>
        <ul className="nav-list">
          {accounts?.map((account) => {
            const job = latestJob(jobs.state, account.name);
            return (
              <li key={account.name}>
                <button
                  type="button"
                  className="nav-item"
                  aria-current={view?.kind === 'account' && view.name === account.name ? 'page' : undefined}
                  onClick={() => {
                    setView({ kind: 'account', name: account.name });
                    rememberChoices(api, { account: account.name });
                  }}
                >
                  <span className="nav-label">{visibleText(account.name)}</span>
                  {job !== null && isActive(job.state) && (
                    <span className={`dot state-${job.state}`} title={job.state} aria-label={job.state} />
                  )}
                </button>
              </li>
            );
          })}
        </ul>
        <button
          type="button"
          className="nav-item add"
          aria-current={view?.kind === 'setup' ? 'page' : undefined}
          onClick={() => {
            setView({ kind: 'setup' });
          }}
        >
          <PlusIcon /> Add account
        </button>
      </nav>

      <main className={view?.kind === 'search' ? 'main search-mode' : 'main'}>
        {error !== null && <ErrorBox error={error} title="The archive could not be read" />}
        {accounts !== null && accounts.length === 0 && view?.kind === 'setup' && (
          <p className="empty-state">No accounts yet — add one to start archiving your mail.</p>
        )}
        {view?.kind === 'setup' && accounts !== null && (
          <AccountSetup
            existingNames={accounts.map((a) => a.name)}
            onSaved={(account) => {
              void load();
              setView({ kind: 'account', name: account.name });
            }}
            onCancel={
              accounts.length === 0
                ? undefined
                : () => {
                    setView({ kind: 'account', name: accounts[0]?.name ?? '' });
                  }
            }
          />
        )}
        {view?.kind === 'search' && <SearchView />}
        {current !== undefined && (
          <ImportView
            key={current.name}
            account={current}
            onRemoved={() => {
              void load().then((list) => {
                const first = list?.[0];
                setView(first === undefined ? { kind: 'setup' } : { kind: 'account', name: first.name });
              });
            }}
          />
        )}
      </main>
    </div>
  );
}

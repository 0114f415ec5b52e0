/** Search the archive (also during an import): query, hint, results by thread, thread and message. */
import { useCallback, useEffect, useRef, useState, type SubmitEvent } from 'react';
import type { ReplyError } from '../../../../src-shared/ipc/contract.ts';
import type { SearchHitView, SearchPageView } from '../../../../src-shared/ipc/views.ts';
import { useApi } from '../../api/context.tsx';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { settle } from '../../ui/reply.ts';
import { MessageViewer } from '../viewer/MessageViewer.tsx';
import { ExportBar } from './ExportBar.tsx';
import { ResultList } from './ResultList.tsx';
import { ThreadView } from './ThreadView.tsx';

const LIMIT = 50;

interface Open {
  hit: SearchHitView;
  messageId: number | null;
}

export function SearchView() {
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [query, setQuery] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<SearchPageView | null>(null);
  const [error, setError] = useState<ReplyError | null>(null);
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<Open | null>(null);

  useEffect(() => {
    if (query === null) return;
    let live = true;
    setLoading(true);
    void settle(api.invoke('search:query', { query, offset, limit: LIMIT })).then((reply) => {
      if (!live) return;
      setLoading(false);
      if (reply.ok) {
        setPage(reply.value);
        setError(null);
      } else setError(reply.error);
    });
    return () => {
      live = false;
    };
  }, [api, query, offset]);

  // Escape closes the message, then the thread, and gives the keyboard back to the search box.
  const close = useCallback(() => {
    setOpen(null);
    input.current?.focus();
  }, []);
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && open !== null) close();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [open, close]);

  function submit(event: SubmitEvent): void {
    event.preventDefault();
    const trimmed = text.trim();
    if (trimmed === '') return;
    setOpen(null);
    setOffset(0);
    setQuery(trimmed);
  }

  return (
    <div className="search-view">
      <form className="search-bar" role="search" onSubmit={submit}>
        <input
          ref={input}
          type="search"
          aria-label="Search the archive"
          aria-describedby="search-hint"
          placeholder="Search all archived mail"
          autoFocus
          value={text}
          onChange={(event) => {
            setText(event.target.value);
          }}
        />
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      <p id="search-hint" className="hint search-hint">
        Words match all; <code>"exact phrase"</code>, <code>prefix*</code>, <code>a OR b</code>,{' '}
        <code>-not</code>, <code>from:</code> <code>to:</code> <code>subject:</code> <code>folder:</code>{' '}
        <code>filename:</code>, <code>has:attachment</code>, <code>after:2024-01-31</code>{' '}
        <code>before:</code>, <code>larger:5M</code> <code>smaller:</code>
      </p>
      {error !== null && (
        <ErrorBox
          error={error}
          title={error.code === 'query' ? 'There is a problem with the search' : 'The search did not run'}
        />
      )}

      {query === null ? (
        <p className="empty">Search every message in the archive, also while an import is running.</p>
      ) : (
        <div className={open === null ? 'search-body' : 'search-body with-reader'}>
          <div className="search-results">
            {page !== null && (
              <ResultList
                page={page}
                offset={offset}
                limit={LIMIT}
                selectedThread={open?.hit.threadId ?? null}
                onOpen={(hit) => {
                  setOpen({ hit, messageId: hit.messages[0]?.id ?? null });
                }}
                onPage={(next) => {
                  setOpen(null);
                  setOffset(next);
                }}
              />
            )}
            {loading && page === null && <p className="muted">Searching…</p>}
            {page !== null && page.totalThreads > 0 && <ExportBar query={query} />}
          </div>
          {open !== null && (
            <div className="reader" aria-label="Reader">
              <ThreadView
                threadId={open.hit.threadId}
                matching={new Set(open.hit.messages.map((m) => m.id))}
                openId={open.messageId}
                onOpen={(id) => {
                  setOpen({ ...open, messageId: id });
                }}
              />
              {open.messageId !== null && <MessageViewer id={open.messageId} onClose={close} />}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * Search the archive (also during an import). A reader's layout: the results on the left, the thread with
 * the opened message expanded in place on the right (stacked on a narrow window), each pane its own
 * scroll area.
 */
import { useCallback, useMemo, useRef, useState, type SubmitEvent } from 'react';
import type { SearchHitView } from '../../../../src-shared/ipc/views.ts';
import { useInvoke } from '../../api/use-invoke.ts';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { ExportBar } from './ExportBar.tsx';
import { queryWords } from './query-words.ts';
import { ResultList } from './ResultList.tsx';
import { SortChoice, type SearchSort } from './SortChoice.tsx';
import { ThreadView } from './ThreadView.tsx';
import { useResultKeys } from './use-result-keys.ts';

const LIMIT = 50;

interface Asked {
  query: string;
  offset: number;
  sort: SearchSort;
}

interface Open {
  hit: SearchHitView;
  messageId: number | null;
}

export function SearchView() {
  const input = useRef<HTMLInputElement>(null);
  const resultsPane = useRef<HTMLDivElement>(null);
  const readerPane = useRef<HTMLDivElement>(null);
  const [text, setText] = useState('');
  const [asked, setAsked] = useState<Asked | null>(null);
  const [sort, setSort] = useState<SearchSort>('relevance');
  const [open, setOpen] = useState<Open | null>(null);
  const search = useInvoke(
    'search:query',
    asked === null ? null : { query: asked.query, offset: asked.offset, limit: LIMIT, sort: asked.sort },
  );
  const page = search.value;
  const words = useMemo(() => (asked === null ? [] : queryWords(asked.query)), [asked]);

  // Escape closes the thread and gives the keyboard back to the search box.
  const close = useCallback(() => {
    setOpen(null);
    input.current?.focus();
  }, []);
  const openHit = useCallback((hit: SearchHitView) => {
    setOpen({ hit, messageId: hit.messages[0]?.id ?? null });
  }, []);
  useResultKeys({
    hits: page?.hits ?? [],
    selected: open?.hit.threadId ?? null,
    input,
    results: resultsPane,
    reader: readerPane,
    onOpen: openHit,
    onClose: close,
  });

  function submit(event: SubmitEvent): void {
    event.preventDefault();
    const trimmed = text.trim();
    if (trimmed === '') return;
    setOpen(null);
    // The same query again runs again: during an import its answer changes.
    if (asked !== null && asked.query === trimmed && asked.offset === 0 && asked.sort === sort)
      search.reload();
    else setAsked({ query: trimmed, offset: 0, sort });
  }

  return (
    <div className="search-view">
      <form className="search-bar" role="search" onSubmit={submit}>
        <input
          ref={input}
          id="search-box"
          type="search"
          aria-label="Search the archive"
          aria-describedby="search-hint"
          aria-keyshortcuts="/ Control+K"
          placeholder="Search all archived mail  ( / )"
          autoFocus
          value={text}
          onChange={(event) => {
            setText(event.target.value);
          }}
        />
        <button type="submit" className="primary">
          Search
        </button>
        <SortChoice
          sort={sort}
          onChange={(next) => {
            setSort(next);
            // A shown search is asked again in the new order, from its first page.
            if (asked !== null) {
              setOpen(null);
              setAsked({ ...asked, offset: 0, sort: next });
            }
          }}
        />
      </form>
      <details className="search-help">
        <summary>Search syntax</summary>
        <p id="search-hint" className="hint search-hint">
          Words match all; <code>"exact phrase"</code>, <code>prefix*</code>, <code>a OR b</code>,{' '}
          <code>-not</code>, <code>from:</code> <code>to:</code> <code>subject:</code> <code>folder:</code>{' '}
          <code>filename:</code>, <code>has:attachment</code>, <code>after:2024-01-31</code>{' '}
          <code>before:</code>, <code>larger:5M</code> <code>smaller:</code>. Keys: <kbd>/</kbd> search,{' '}
          <kbd>j</kbd> <kbd>k</kbd> or arrows move, <kbd>Enter</kbd> read, <kbd>Esc</kbd> close.
        </p>
      </details>
      {search.error !== null && (
        <ErrorBox
          error={search.error}
          title={
            search.error.code === 'query' ? 'There is a problem with the search' : 'The search did not run'
          }
        />
      )}

      {asked === null ? (
        <p className="empty">Search every message in the archive, also while an import is running.</p>
      ) : (
        <div className={open === null ? 'panes' : 'panes with-reader'}>
          <div className="pane results-pane" ref={resultsPane} aria-busy={search.loading}>
            {page !== null && (
              <ResultList
                page={page}
                offset={asked.offset}
                limit={LIMIT}
                sort={asked.sort}
                selectedThread={open?.hit.threadId ?? null}
                onOpen={openHit}
                onPage={(next) => {
                  setOpen(null);
                  setAsked({ ...asked, offset: next });
                  resultsPane.current?.scrollTo({ top: 0 });
                }}
              />
            )}
            {search.loading && page === null && <p className="muted">Searching…</p>}
            {page !== null && page.totalThreads > 0 && <ExportBar query={asked.query} />}
          </div>
          <div className="pane reader" ref={readerPane} tabIndex={-1} aria-label="Reader">
            {open === null ? (
              <p className="empty reader-empty">Choose a result to read it here.</p>
            ) : (
              <ThreadView
                threadId={open.hit.threadId}
                matching={new Set(open.hit.messages.map((m) => m.id))}
                openId={open.messageId}
                words={words}
                onOpen={(id) => {
                  setOpen({ ...open, messageId: id });
                }}
                onClose={close}
              />
            )}
          </div>
        </div>
      )}
    </div>
  );
}

/** Search hits, one compact row per thread, best match first, with paging by pages of `limit`. */
import type { SearchHitView, SearchPageView } from '../../../../src-shared/ipc/views.ts';
import { resultCountPhrase } from '../../../../src-shared/search-counts.ts';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { formatCount, formatMailDate } from '../../lib/format.ts';
import { senderName } from '../../lib/people.ts';
import { Snippet } from './Snippet.tsx';

interface Props {
  page: SearchPageView;
  offset: number;
  limit: number;
  selectedThread: number | null;
  onOpen: (hit: SearchHitView) => void;
  onPage: (offset: number) => void;
}

export function ResultList({ page, offset, limit, selectedThread, onOpen, onPage }: Props) {
  const first = page.hits.length === 0 ? 0 : offset + 1;
  const last = offset + page.hits.length;
  return (
    <div className="results">
      <p className="muted results-count" role="status">
        {page.totalThreads === 0
          ? 'No matches.'
          : `${formatCount(first)}–${formatCount(last)} of ${resultCountPhrase(page, formatCount)}, best match first`}
      </p>
      <ol className="hit-list" aria-label="Search results">
        {page.hits.map((hit) => (
          <li key={hit.threadId}>
            <button
              type="button"
              className="hit"
              data-thread={hit.threadId}
              aria-current={selectedThread === hit.threadId}
              title={visibleText(hit.from ?? '')}
              onClick={() => {
                onOpen(hit);
              }}
            >
              <span className="hit-top">
                <span className="hit-from">{visibleText(senderName(hit.from))}</span>
                {hit.threadSize > 1 && (
                  <span className="count" title={`${hit.threadSize} messages in this thread`}>
                    {hit.threadSize}
                  </span>
                )}
                <span className="hit-folders">{visibleText(hit.folders.join(' · '))}</span>
                <span className="hit-date">{formatMailDate(hit.date)}</span>
              </span>
              <span className="hit-line">
                <span className="hit-subject">{visibleText(hit.subject ?? '(no subject)')}</span>
                <Snippet text={hit.snippet} />
              </span>
            </button>
          </li>
        ))}
      </ol>
      {page.totalThreads > limit && (
        <nav className="pager" aria-label="Result pages">
          <button
            type="button"
            disabled={offset === 0}
            onClick={() => {
              onPage(Math.max(0, offset - limit));
            }}
          >
            ← Better matches
          </button>
          <button
            type="button"
            disabled={last >= page.totalThreads}
            onClick={() => {
              onPage(offset + limit);
            }}
          >
            Next {formatCount(limit)} matches →
          </button>
        </nav>
      )}
    </div>
  );
}

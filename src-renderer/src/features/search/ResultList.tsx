/**
 * Search hits, one compact row per thread, best match or newest first, with paging by pages of `limit`
 * (also past the count's cap of "more than 1,000": the engine pages on).
 */
import type { SearchHitView, SearchPageView } from '../../../../src-shared/ipc/views.ts';
import { resultCountPhrase } from '../../../../src-shared/search-counts.ts';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { formatCount, formatMailDate } from '../../lib/format.ts';
import { senderName } from '../../lib/people.ts';
import { Snippet } from './Snippet.tsx';
import type { SearchSort } from './SortChoice.tsx';

interface Props {
  page: SearchPageView;
  offset: number;
  limit: number;
  sort: SearchSort;
  selectedThread: number | null;
  onOpen: (hit: SearchHitView) => void;
  onPage: (offset: number) => void;
}

export function ResultList({ page, offset, limit, sort, selectedThread, onOpen, onPage }: Props) {
  const first = page.hits.length === 0 ? 0 : offset + 1;
  const last = offset + page.hits.length;
  const byDate = page.order === 'date';
  // Asked for best match, given newest first: the engine does not rank words found in so much mail.
  const tooCommon = byDate && sort !== 'date' ? ' (these words are in too much mail to rank)' : '';
  // Past a capped count the total is a lower bound: only a short page says there is no next one.
  const atEnd = page.hits.length < limit || (!page.totalThreadsCapped && last >= page.totalThreads);
  return (
    <div className="results">
      <p className="muted results-count" role="status">
        {page.totalThreads === 0
          ? 'No matches.'
          : `${formatCount(first)}–${formatCount(last)} of ${resultCountPhrase(page, formatCount)}, ${byDate ? 'newest' : 'best match'} first${tooCommon}`}
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
      {(offset > 0 || !atEnd) && (
        <nav className="pager" aria-label="Result pages">
          <button
            type="button"
            disabled={offset === 0}
            onClick={() => {
              onPage(Math.max(0, offset - limit));
            }}
          >
            {byDate ? '← Newer' : '← Better matches'}
          </button>
          <button
            type="button"
            disabled={atEnd}
            onClick={() => {
              onPage(offset + limit);
            }}
          >
            {byDate ? `Next ${formatCount(limit)} older →` : `Next ${formatCount(limit)} matches →`}
          </button>
        </nav>
      )}
    </div>
  );
}

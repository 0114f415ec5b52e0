/**
 * Words in too much mail to rank by relevance in a search's time come newest first, and the page says
 * so. The archive holds 1,120 digests; the limit is lowered to 1,000 instead of storing 50,000 messages.
 */
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { RANKED_MATCH_LIMIT, searchArchive } from '../../src-main/engine/search/search.ts';
import { DIGEST_WORD, DIGESTS, RANKED_WORD, seedSearchArchive } from '../support/search-mail.ts';

describe('searching words found in too much mail to rank', () => {
  let dir: string;
  let db: Database.Database;
  beforeAll(() => {
    ({ dir } = seedSearchArchive());
    db = openArchive(dir, { readonly: true });
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const newestFirst = (dates: string[]): boolean =>
    dates.every((d, i) => i === 0 || d <= (dates[i - 1] ?? d));

  it('lists them newest first, page after page, and says the order is by date', () => {
    const options = { rankedMatchLimit: DIGESTS - 1, limit: 20 };
    const first = searchArchive(db, DIGEST_WORD, options);
    const second = searchArchive(db, DIGEST_WORD, { ...options, offset: 20 });
    expect(first.order).toBe('date');
    const dates = [...first.hits, ...second.hits].map((h) => h.date);
    expect(dates).toHaveLength(40);
    expect(newestFirst(dates)).toBe(true);
    // The newest digest of all leads: the same as asking for newest first.
    const byDate = searchArchive(db, DIGEST_WORD, { sort: 'date', limit: 40 });
    expect([...first.hits, ...second.hits].map((h) => h.threadId)).toEqual(
      byDate.hits.map((h) => h.threadId),
    );
    expect(first.totalThreadsCapped).toBe(true);
  });

  it('keeps filters: only the matching mail of the folder asked for, newest first', () => {
    const page = searchArchive(db, `folder:INBOX ${DIGEST_WORD} -"part 1120"`, { rankedMatchLimit: 10 });
    expect(page.order).toBe('date');
    expect(page.hits.length).toBe(20);
    expect(page.hits.every((h) => h.subject?.startsWith('Weekly digest'))).toBe(true);
    expect(page.hits.some((h) => h.subject === `Weekly ${DIGEST_WORD} ${DIGESTS}`)).toBe(false);
    expect(newestFirst(page.hits.map((h) => h.date))).toBe(true);
  });

  it('ranks by relevance below the limit, as before', () => {
    expect(RANKED_MATCH_LIMIT).toBeGreaterThan(DIGESTS);
    expect(searchArchive(db, DIGEST_WORD).order).toBe('relevance');
    const ranked = searchArchive(db, RANKED_WORD, { rankedMatchLimit: 1 });
    // Two matches are over a limit of one: newest first, the newer of the two before the best match.
    expect(ranked.order).toBe('date');
    expect(searchArchive(db, RANKED_WORD).order).toBe('relevance');
    expect(searchArchive(db, RANKED_WORD).hits[0]?.subject).not.toBe(ranked.hits[0]?.subject);
  });
});

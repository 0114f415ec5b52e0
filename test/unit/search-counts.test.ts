/** The window's search count is the CLI's: "more than" at the cap, and ungrouped new mail told apart. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureFolder } from '../../src-main/engine/archive/folders-repo.ts';
import { createBatchWriter } from '../../src-main/engine/archive/messages-repo.ts';
import { rethreadArchive } from '../../src-main/engine/archive/threads-repo.ts';
import { searchArchive, THREAD_COUNT_CAP } from '../../src-main/engine/search/search.ts';
import type { SearchPageView } from '../../src-shared/ipc/views.ts';
import { createHandlerArchive, parsedBatchItem, type HandlerArchive } from '../support/handler-archive.ts';

const mail = (n: number, word: string): Buffer =>
  Buffer.from(
    [
      'From: Carol <carol@example.org>',
      `Subject: Note ${n}`,
      `Message-ID: <note-${word}-${n}@example.org>`,
      'Date: Thu, 4 Jan 2024 10:00:00 +0000',
      '',
      `A ${word} note, number ${n}.`,
      '',
    ].join('\r\n'),
  );

describe('the count of search results', () => {
  let archive: HandlerArchive;
  let write: ReturnType<typeof createBatchWriter>;
  let folderId: number;
  beforeEach(() => {
    archive = createHandlerArchive();
    write = createBatchWriter(archive.db);
    const work = archive.db.prepare("SELECT id FROM accounts WHERE name = 'work'").pluck().get() as number;
    folderId = ensureFolder(archive.db, work, { path: 'Notes', delimiter: '/', specialUse: null });
  });
  afterEach(() => {
    archive.close();
  });
  const store = (word: string, count: number): void => {
    const items = Array.from({ length: count }, (_, i) => parsedBatchItem(100 + i, mail(i, word)));
    write({ runId: null, folderId, uidValidity: 1, items, failures: [] });
  };
  const search = async (query: string): Promise<SearchPageView> => {
    const reply = await archive.handlers.invoke('search:query', { query });
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.value;
  };

  it('tells the window "more than" when the count stopped at the cap, as the CLI says', async () => {
    store('plenty', THREAD_COUNT_CAP + 1);
    rethreadArchive(archive.db);
    expect(searchArchive(archive.reader, 'plenty')).toMatchObject({
      totalThreads: THREAD_COUNT_CAP,
      totalThreadsCapped: true,
    });
    expect(await search('plenty')).toMatchObject({
      totalThreads: THREAD_COUNT_CAP,
      totalThreadsCapped: true,
    });
  });

  it('counts mail an import stored but has not grouped yet apart from the threads', async () => {
    store('zeppelin', 2);
    // The newsletter is threaded; the two new notes are not yet (the import groups them when it ends).
    expect(await search('zeppelin')).toMatchObject({
      totalThreads: 3,
      ungrouped: 2,
      totalThreadsCapped: false,
    });
    rethreadArchive(archive.db);
    expect(await search('zeppelin')).toMatchObject({ totalThreads: 3, ungrouped: 0 });
  });
});

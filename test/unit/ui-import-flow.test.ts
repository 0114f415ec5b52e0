import { describe, expect, it } from 'vitest';
import type { FolderInfo } from '../../src-shared/domain.ts';
import { presetRange } from '../../src-renderer/src/features/import/dates.ts';
import {
  allFolders,
  lastYearSelection,
  selectionOptions,
  selectionTotals,
} from '../../src-renderer/src/features/import/selection.ts';
import { hasNothingToDo, waitingText } from '../../src-renderer/src/features/progress/waiting.ts';

const folder = (
  path: string,
  messages: number | null,
  bytes: number | null,
  extra: Partial<FolderInfo> = {},
) =>
  ({
    path,
    name: path,
    delimiter: '/',
    parentPath: '',
    specialUse: null,
    selectable: true,
    messages,
    bytes,
    uidValidity: 1,
    uidNext: 1,
    defaultSelected: path !== 'Junk',
    ...extra,
  }) satisfies FolderInfo;

const FOLDERS = [
  folder('INBOX', 100, 5000),
  folder('Sent', 20, 1000),
  folder('Junk', 7, 70),
  folder('Group', null, null, { selectable: false }),
];

describe('the import selection', () => {
  it('"last year" fills the default folders and the last 365 days', () => {
    const today = new Date(2026, 11, 2);
    const selection = lastYearSelection(FOLDERS, today);
    expect([...selection.folders].sort()).toEqual(['INBOX', 'Sent']);
    expect(selection.range).toEqual(presetRange('year', today));
    // The engine's own default is asked for, so folders made on the server later are picked up too.
    expect(selectionOptions(selection, FOLDERS).folders).toBeNull();
  });

  it('totals what the chosen folders hold, and says when a count is unknown', () => {
    const range = { since: null, before: null };
    expect(selectionTotals({ folders: new Set(['INBOX', 'Junk']), range }, FOLDERS)).toEqual({
      folders: 2,
      messages: 107,
      bytes: 5070,
    });
    expect(selectionTotals({ folders: new Set(), range }, FOLDERS)).toEqual({
      folders: 0,
      messages: 0,
      bytes: 0,
    });
    const unknown = [...FOLDERS, folder('Old', null, null)];
    expect(selectionTotals({ folders: new Set(['INBOX', 'Old']), range }, unknown).messages).toBeNull();
  });

  it('"all" is every folder that can hold mail', () => {
    expect([...allFolders(FOLDERS)].sort()).toEqual(['INBOX', 'Junk', 'Sent']);
  });
});

describe('the progress panel', () => {
  it("shows one live countdown instead of the engine's frozen one", () => {
    expect(waitingText('the server closed the connection; retry 5 in 9.4 s', 3.2)).toBe(
      'the server closed the connection. Try 5 in 3 s.',
    );
    expect(waitingText('the server closed the connection; retry 5 in 9.4 s', 0)).toBe(
      'the server closed the connection. Try 5 shortly.',
    );
    expect(waitingText(null, null)).toBe('Waiting for the server. Continuing shortly.');
  });

  it('hides only folders that are done with nothing to fetch', () => {
    expect(hasNothingToDo({ phase: 'done', total: 0 })).toBe(true);
    expect(hasNothingToDo({ phase: 'planning', total: 0 })).toBe(false);
    expect(hasNothingToDo({ phase: 'done', total: 3 })).toBe(false);
  });
});

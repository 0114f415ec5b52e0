import { describe, expect, it } from 'vitest';
import type { FolderInfo, SpecialUse } from '../../src-shared/domain.ts';
import { selectFolders } from '../../src-main/engine/import/select-folders.ts';

const folder = (path: string, specialUse: SpecialUse | null = null, selectable = true): FolderInfo => ({
  path,
  name: path.split('/').at(-1) ?? path,
  delimiter: '/',
  parentPath: path.split('/').slice(0, -1).join('/'),
  specialUse,
  selectable,
  messages: 1,
  bytes: 1,
  uidValidity: 1,
  uidNext: 2,
  defaultSelected: selectable && specialUse !== '\\Junk' && specialUse !== '\\Trash',
});

const tree = [
  folder('INBOX', '\\Inbox'),
  folder('Archive', '\\Archive'),
  folder('Archive/2023'),
  folder('Archive/2023/Q1'),
  folder('Archivio'),
  folder('Junk', '\\Junk'),
  folder('Trash', '\\Trash'),
  folder('Shared', null, false),
];
const paths = (fs: FolderInfo[]): string[] => fs.map((f) => f.path);

describe('selectFolders', () => {
  it('defaults to everything but Junk, Trash and containers', () => {
    expect(paths(selectFolders(tree, { folders: null, exclude: [] }))).toEqual([
      'INBOX',
      'Archive',
      'Archive/2023',
      'Archive/2023/Q1',
      'Archivio',
    ]);
  });

  it('excludes a folder with its sub-folders but not its name-alikes', () => {
    expect(paths(selectFolders(tree, { folders: null, exclude: ['Archive'] }))).toEqual([
      'INBOX',
      'Archivio',
    ]);
  });

  it('takes named folders, Junk too, and INBOX in any case', () => {
    expect(paths(selectFolders(tree, { folders: ['inbox', 'Junk'], exclude: [] }))).toEqual([
      'INBOX',
      'Junk',
    ]);
  });

  it('refuses unknown names and containers', () => {
    expect(() => selectFolders(tree, { folders: ['Nope'], exclude: [] })).toThrow(/No such folder: "Nope"/);
    expect(() => selectFolders(tree, { folders: null, exclude: ['Gone'] })).toThrow(/"Gone"/);
    expect(() => selectFolders(tree, { folders: ['Shared'], exclude: [] })).toThrow(/Noselect/);
  });
});

import { describe, expect, it } from 'vitest';
import type { FolderInfo } from '../../src-shared/domain.ts';
import { createFolderQueue } from '../../src-main/engine/import/folder-queue.ts';

const folders = Array.from({ length: 4 }, (_, i): FolderInfo => ({
  path: `F${i}`,
  name: `F${i}`,
  delimiter: '/',
  parentPath: '',
  specialUse: null,
  selectable: true,
  messages: 0,
  bytes: null,
  uidValidity: null,
  uidNext: null,
  defaultSelected: true,
}));

describe('a run’s folder queue', () => {
  it('plans folders in listing order however the scans finish, so --max-messages counts in that order', async () => {
    const accepted: string[] = [];
    const queue = createFolderQueue(folders, {
      accept: (scan: string) => {
        accepted.push(scan);
        return scan;
      },
    });
    const taken = [queue.takeNext(), queue.takeNext(), queue.takeNext()].map((e) => e?.index);
    expect(taken).toEqual([0, 1, 2]);
    queue.scanned(2, 'F2');
    queue.scanned(1, 'F1');
    expect(accepted).toEqual([]);
    expect(queue.folders.map((f) => f.state)).toEqual(['scanning', 'scanned', 'scanned', 'waiting']);
    queue.scanned(0, 'F0');
    expect(accepted).toEqual(['F0', 'F1', 'F2']);
    expect(await queue.whenPlanned(2)).toBe('F2');
    expect(queue.folders.map((f) => f.state)).toEqual(['planned', 'planned', 'planned', 'waiting']);
  });

  it('puts a handed-back folder first in line, and lets the import take a folder out of turn', () => {
    const queue = createFolderQueue(folders, { accept: (scan: string) => scan });
    expect(queue.take(2)).toBe(true);
    expect(queue.take(2)).toBe(false);
    const first = queue.takeNext();
    expect(first?.index).toBe(0);
    queue.handBack(0);
    expect(queue.takeNext()?.index).toBe(0);
    expect(queue.takeNext()?.index).toBe(1);
  });

  it('after a failed scan takes no other folder, and that folder and every later one reject', async () => {
    const queue = createFolderQueue(folders, { accept: (scan: string) => scan });
    queue.takeNext();
    queue.takeNext();
    queue.scanned(0, 'F0');
    queue.failed(1, new Error('the server refused'));
    expect(queue.takeNext()).toBeNull();
    expect(await queue.whenPlanned(0)).toBe('F0');
    await expect(queue.whenPlanned(1)).rejects.toThrow('the server refused');
    await expect(queue.whenPlanned(3)).rejects.toThrow('the server refused');
    expect(queue.idle()).toBe(true);
  });

  it('when halted, rejects the folders nobody scanned and is idle once the scans under way are in', async () => {
    const queue = createFolderQueue(folders, { accept: (scan: string) => scan });
    queue.takeNext();
    queue.halt();
    expect(queue.idle()).toBe(false);
    queue.scanned(0, 'F0');
    expect(queue.idle()).toBe(true);
    queue.closeScan();
    expect(await queue.whenPlanned(0)).toBe('F0');
    await expect(queue.whenPlanned(1)).rejects.toThrow('stopped');
  });
});

/**
 * export:run never destroys anything: not the archive (whatever the path's spelling or the overwrite
 * flag), not an existing file unless the user confirmed, and it creates no folder but its own.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply, RequestOf } from '../../src-shared/ipc/contract.ts';
import { readMboxrd } from '../../src-main/engine/export/mbox.ts';
import { verifyArchive } from '../../src-main/engine/archive/verify.ts';
import { createHandlerArchive, REPORT, type HandlerArchive } from '../support/handler-archive.ts';

let archive: HandlerArchive;
let outside: string;
beforeEach(() => {
  archive = createHandlerArchive();
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-export-out-'));
});
afterEach(() => {
  archive.close();
  fs.rmSync(outside, { recursive: true, force: true });
});

const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const dbFile = (): string => path.join(archive.dir, 'mailtrove.sqlite');

function exportTo(out: string, extra: Partial<RequestOf<'export:run'>> = {}) {
  return archive.handlers.invoke('export:run', {
    source: { query: 'quarterly' },
    format: 'mbox',
    out,
    ...extra,
  });
}

function failure<T>(reply: Reply<T>): { code: string; message: string; hint?: string } {
  if (reply.ok) throw new Error(`expected a failure, got ${JSON.stringify(reply.value)}`);
  return reply.error;
}

describe('export:run refuses the archive, even with overwrite', () => {
  it("refuses the archive's database file, however the path is spelled, and leaves it intact", async () => {
    const before = sha(dbFile());
    fs.symlinkSync(archive.dir, path.join(outside, 'link'));
    const spellings = [
      dbFile(),
      path.join(archive.dir, '..', path.basename(archive.dir), 'mailtrove.sqlite'),
      path.join(outside, 'link', 'mailtrove.sqlite'),
    ];
    for (const out of spellings) {
      for (const overwrite of [false, true]) {
        const error = failure(await exportTo(out, { overwrite }));
        expect(error.code).toBe('usage');
        expect(error.message).toMatch(/Refusing to write the export to .*archive.*Choose a place outside/);
      }
    }
    expect(sha(dbFile())).toBe(before);
    expect(verifyArchive(archive.reader).ok).toBe(true);
  });

  it('refuses a symbolic link or a hard link to the database', async () => {
    const before = sha(dbFile());
    fs.symlinkSync(dbFile(), path.join(outside, 'soft.mbox'));
    fs.linkSync(dbFile(), path.join(outside, 'hard.mbox'));
    for (const name of ['soft.mbox', 'hard.mbox']) {
      const error = failure(await exportTo(path.join(outside, name), { overwrite: true }));
      expect(error.message).toMatch(/Refusing .*archive/);
    }
    expect(sha(dbFile())).toBe(before);
  });

  it('refuses the side files, the archive folder and anything inside it', async () => {
    const targets: [string, 'mbox' | 'eml'][] = [
      [`${dbFile()}-wal`, 'mbox'],
      [`${dbFile()}-shm`, 'mbox'],
      [path.join(archive.dir, 'new.mbox'), 'mbox'],
      [path.join(archive.dir, 'eml'), 'eml'],
      [archive.dir, 'eml'],
      [archive.dir, 'mbox'],
    ];
    const listing = fs.readdirSync(archive.dir).sort();
    for (const [out, format] of targets) {
      const error = failure(await exportTo(out, { format, overwrite: true }));
      expect(error.message, out).toMatch(/Refusing .*archive/);
    }
    expect(fs.readdirSync(archive.dir).sort()).toEqual(listing);
  });
});

describe('export:run and existing files', () => {
  it('refuses an existing file unless overwrite is confirmed, then replaces it with the export', async () => {
    const out = path.join(outside, 'notes.txt');
    fs.writeFileSync(out, 'my notes');
    const error = failure(await exportTo(out));
    expect(error.message).toBe(`${out} already exists; pick it again and confirm to replace it.`);
    expect(fs.readFileSync(out, 'utf8')).toBe('my notes');

    const reply = await exportTo(out, { overwrite: true });
    expect(reply).toEqual({ ok: true, value: { messages: 2, path: out } });
    expect([...readMboxrd(fs.readFileSync(out))][0]?.equals(REPORT)).toBe(true);
    expect(fs.readdirSync(outside)).toEqual(['notes.txt']);
  });

  it('never replaces a folder with an mbox, nor fills a folder that holds anything', async () => {
    const folder = path.join(outside, 'photos');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'cat.jpg'), 'meow');
    expect(failure(await exportTo(folder, { overwrite: true })).message).toMatch(/is a folder/);
    const eml = failure(await exportTo(folder, { format: 'eml', overwrite: true }));
    expect(eml.message).toMatch(/is not empty; choose a new folder name/);
    expect(fs.readdirSync(folder)).toEqual(['cat.jpg']);
  });

  it('creates the .eml folder itself, and fills an existing empty one only when confirmed', async () => {
    const fresh = path.join(outside, 'fresh');
    const reply = await exportTo(fresh, { format: 'eml' });
    expect(reply).toEqual({ ok: true, value: { messages: 2, path: fresh } });
    expect(fs.readdirSync(fresh)).toHaveLength(2);
    expect(fs.statSync(fresh).mode & 0o777).toBe(0o700);

    const empty = path.join(outside, 'empty');
    fs.mkdirSync(empty);
    expect(failure(await exportTo(empty, { format: 'eml' })).message).toMatch(/already exists/);
    expect(fs.readdirSync(empty)).toEqual([]);
    expect((await exportTo(empty, { format: 'eml', overwrite: true })).ok).toBe(true);
    expect(fs.readdirSync(empty)).toHaveLength(2);
  });

  it('leaves a .partial file it did not create alone unless overwrite is confirmed', async () => {
    const out = path.join(outside, 'report.mbox');
    fs.writeFileSync(`${out}.partial`, 'someone else');
    expect(failure(await exportTo(out)).message).toMatch(/report\.mbox\.partial already exists/);
    expect(fs.readFileSync(`${out}.partial`, 'utf8')).toBe('someone else');
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('export:run creates nothing but the export', () => {
  it('refuses a missing parent folder and creates no folder', async () => {
    for (const format of ['mbox', 'eml'] as const) {
      const out = path.join(outside, 'typo-dir', 'deeper', 'x.mbox');
      const error = failure(await exportTo(out, { format }));
      expect(error).toMatchObject({ code: 'usage', hint: 'Create it first, or choose another place.' });
      expect(error.message).toBe(`The folder ${path.dirname(out)} does not exist.`);
    }
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('refuses a parent that is a file, and a relative path', async () => {
    fs.writeFileSync(path.join(outside, 'file'), 'x');
    const underFile = failure(await exportTo(path.join(outside, 'file', 'x.mbox')));
    expect(underFile.message).toMatch(/is not a folder/);
    const relative = failure(await exportTo('x.mbox'));
    expect(relative.message).toMatch(/must be absolute/);
    expect(fs.existsSync(path.resolve('x.mbox'))).toBe(false);
  });

  it('leaves the save dialog to the desktop app', async () => {
    const reply = await archive.handlers.invoke('export:choose', { format: 'mbox' });
    const error = failure(reply);
    expect(error.code).toBe('usage');
    expect(error.message).toMatch(/desktop app/);
  });
});

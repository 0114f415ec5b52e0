import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { addAccount } from '../../src-main/engine/archive/accounts-repo.ts';
import { ensureFolder } from '../../src-main/engine/archive/folders-repo.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { completeness } from '../../src-main/engine/archive/scans-repo.ts';
import { activeWriter, startArchiveWriter } from '../../src-main/engine/archive/writer-thread.ts';
import { decodeRaw } from '../../src-main/engine/mime/raw-codec.ts';
import { storedBytes } from '../../src-main/engine/mime/stored-content.ts';
import { searchArchive } from '../../src-main/engine/search/search.ts';
import { NEWSLETTER, parsedBatchItem, REPLY, REPORT } from '../support/handler-archive.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function newArchive(): { db: Database.Database; inbox: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-writer-'));
  dirs.push(dir);
  const db = openArchive(dir, { create: true });
  const account = addAccount(db, {
    name: 'work',
    host: '127.0.0.1',
    port: 143,
    security: 'none',
    user: 'bob@example.org',
  });
  const inbox = ensureFolder(db, account.id, { path: 'INBOX', delimiter: '/', specialUse: '\\Inbox' });
  return { db, inbox };
}

describe('the archive writer thread', () => {
  it('is one per archive: two imports share it, and it stops when the last lets go', async () => {
    const { db, inbox } = newArchive();
    const a = startArchiveWriter(db);
    const b = startArchiveWriter(db);
    expect(activeWriter(db)).not.toBeNull();
    const written = a.write({
      runId: null,
      folderId: inbox,
      uidValidity: 1,
      items: [parsedBatchItem(1, REPORT)],
      failures: [],
    });
    // b lets go only once the writes asked for before are committed; the thread stays for a.
    await b.close();
    expect(db.prepare('SELECT count(*) FROM memberships').pluck().get()).toBe(1);
    expect(activeWriter(db)).not.toBeNull();
    await expect(written).resolves.toMatchObject({ new: 1 });
    await a.close();
    expect(activeWriter(db)).toBeNull();
    db.close();
  });

  it('commits batches in order on its own connection, moving the stored bytes instead of copying them', async () => {
    const { db, inbox } = newArchive();
    const writer = startArchiveWriter(db);
    const first = [parsedBatchItem(1, REPORT), parsedBatchItem(2, REPLY)];
    // The same bytes again under another UID: a duplicate, found only if the first batch is in.
    const second = [parsedBatchItem(3, NEWSLETTER), parsedBatchItem(4, REPORT)];
    const results = await Promise.all(
      [first, second].map((items) =>
        writer.write({ runId: null, folderId: inbox, uidValidity: 1, items, failures: [] }),
      ),
    );
    await writer.close();

    expect(results).toEqual([
      { new: 2, sameContent: 0, parseFailed: 0, badInternalDates: 0, failed: 0 },
      { new: 1, sameContent: 1, parseFailed: 0, badInternalDates: 0, failed: 0 },
    ]);
    // Moved to the thread: nothing of the packed message is left on this side.
    const moved = first[0]?.content;
    expect(moved && storedBytes(moved)[0]?.byteLength).toBe(0);
    const stored = db.prepare('SELECT codec, data FROM message_raw ORDER BY message_id').all() as {
      codec: 'brotli' | 'none';
      data: Buffer;
    }[];
    const storedRaws = stored.map((row) => decodeRaw(row).toString('latin1')).sort();
    expect(storedRaws).toEqual([REPORT, REPLY, NEWSLETTER].map((raw) => raw.toString('latin1')).sort());
    expect(db.prepare('SELECT count(*) FROM memberships').pluck().get()).toBe(4);
    expect(searchArchive(db, 'quarterly').hits.length).toBeGreaterThan(0);
  });

  it('waits for a write of the main connection to commit instead of failing on a stale snapshot', async () => {
    const { db, inbox } = newArchive();
    const writer = startArchiveWriter(db);
    // The main connection holds the write lock (a progress event, a folder row) while a batch arrives.
    db.exec('BEGIN IMMEDIATE');
    db.prepare('UPDATE folders SET delimiter = ? WHERE id = ?').run('.', inbox);
    const written = writer.write({
      runId: null,
      folderId: inbox,
      uidValidity: 1,
      items: [parsedBatchItem(1, REPORT)],
      failures: [],
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    db.exec('COMMIT');
    await expect(written).resolves.toEqual({
      new: 1,
      sameContent: 0,
      parseFailed: 0,
      badInternalDates: 0,
      failed: 0,
    });
    await writer.close();
  });

  it('records a folder scan in order with the batches, so completeness is answered from it', async () => {
    const { db, inbox } = newArchive();
    const writer = startArchiveWriter(db);
    const range = { since: null, before: null };
    const [recorded, written] = [
      writer.recordScan({ folderId: inbox, uidValidity: 1, range, inRange: [1, 2, 3], filtered: [3] }),
      writer.write({
        runId: null,
        folderId: inbox,
        uidValidity: 1,
        items: [parsedBatchItem(1, REPORT)],
        failures: [],
      }),
    ];
    await Promise.all([recorded, written]);
    await expect(
      writer.recordScan({ folderId: inbox + 99, uidValidity: 1, range, inRange: [1], filtered: [] }),
    ).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    await writer.close();

    const [folder] = completeness(db, 1);
    expect(folder).toMatchObject({ path: 'INBOX', onServer: 3, archived: 1 });
    expect(folder?.missing).toEqual([
      { uid: 2, cause: 'pending' },
      { uid: 3, cause: 'filtered' },
    ]);
  });

  it("hands back SQLite's error code, writes nothing of a failed batch, and goes on with the next", async () => {
    const { db, inbox } = newArchive();
    const writer = startArchiveWriter(db);
    const orphan = {
      runId: null,
      folderId: inbox + 99,
      uidValidity: 1,
      items: [parsedBatchItem(1, REPORT)],
      failures: [],
    };
    await expect(writer.write(orphan)).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(0);

    const good = {
      runId: null,
      folderId: inbox,
      uidValidity: 1,
      items: [parsedBatchItem(1, REPORT)],
      failures: [],
    };
    await expect(writer.write(good)).resolves.toEqual({
      new: 1,
      sameContent: 0,
      parseFailed: 0,
      badInternalDates: 0,
      failed: 0,
    });
    await writer.close();
    await writer.close();
    await expect(
      writer.write({ runId: null, folderId: inbox, uidValidity: 1, items: [], failures: [] }),
    ).rejects.toThrow(/writer thread stopped/);
  });
});

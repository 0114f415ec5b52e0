/**
 * Threading a whole archive streams its messages and keeps the namings in SQLite (archive/thread-namings.ts);
 * threading a list keeps them in memory. Both must give every message the same thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { computeThreads, rethreadArchive } from '../../src-main/engine/archive/threads-repo.ts';
import { threadMessages, type ThreadInput } from '../../src-main/engine/threading/jwz.ts';
import { generateThreadCorpus } from '../support/thread-corpus.ts';

/** Stores each input as a message row with its own id (the fields threading reads, the rest filler). */
function storeInputs(db: Database.Database, messages: readonly ThreadInput[]): void {
  const insert = db.prepare(
    `INSERT INTO messages (id, sha256, size, message_id, in_reply_to, refs, subject, date, date_source,
       internal_date, added_at)
     VALUES (?, ?, 100, ?, ?, ?, ?, ?, 'header', ?, 0)`,
  );
  db.transaction(() => {
    for (const m of messages) {
      const sha = Buffer.alloc(32);
      sha.writeUInt32BE(m.id);
      const refs = m.references.length > 0 ? m.references.join(' ') : null;
      insert.run(m.id, sha, m.messageId, m.inReplyTo, refs, m.subject, m.date, m.date);
    }
  })();
}

describe('threading a whole archive', () => {
  let dir: string;
  let db: Database.Database;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-threads-'));
    db = openArchive(dir, { create: true });
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives every stored message the thread threading the same messages in memory gives it', () => {
    // Damaged headers, missing parents and subject decoys: every path of the algorithm is taken.
    const { messages } = generateThreadCorpus({ threads: 400, seed: 3 });
    storeInputs(db, messages);

    const threads = rethreadArchive(db);

    const expected = threadMessages(messages);
    const stored = new Map(
      db.prepare('SELECT id, thread_id FROM messages').raw().all() as [number, number][],
    );
    expect(stored).toEqual(expected);
    expect(threads).toBe(new Set(expected.values()).size);
    expect(threads).toBeLessThan(messages.length / 2);
  });

  it('finds nothing to change once the archive is threaded, and then only what a new message moves', () => {
    const { messages } = generateThreadCorpus({ threads: 50, seed: 4 });
    storeInputs(db, messages);
    rethreadArchive(db);
    expect(computeThreads(db).changes).toEqual([]);

    // A late copy of some message's parent (its Message-ID) joins that message's thread.
    const reply = messages.find((m) => m.inReplyTo !== null);
    if (!reply?.inReplyTo) throw new Error('the corpus has replies');
    const late: ThreadInput = {
      id: messages.length + 1,
      messageId: reply.inReplyTo,
      inReplyTo: null,
      references: [],
      subject: 'Late parent',
      date: reply.date - 1000,
    };
    storeInputs(db, [late]);
    const expected = threadMessages([...messages, late]);
    const { changes } = computeThreads(db);
    // Flat pairs of message id and new thread id: every message whose thread moved, nothing else.
    const moved = [...expected].filter(([id, thread]) => id === late.id || threadOf(db, id) !== thread);
    expect(changes).toEqual(moved.flat());
    expect(expected.get(late.id)).toBe(expected.get(reply.id));
  });
});

function threadOf(db: Database.Database, id: number): number | null {
  return db.prepare('SELECT thread_id FROM messages WHERE id = ?').pluck().get(id) as number | null;
}

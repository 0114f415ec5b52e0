import type Database from 'better-sqlite3';
import { threadSource, type ThreadInput } from '../threading/jwz.ts';
import { archiveNamings } from './thread-namings.ts';

interface ThreadRow {
  id: number;
  message_id: string | null;
  in_reply_to: string | null;
  refs: string | null;
  subject: string | null;
  date: number;
  /** Gmail's X-GM-THRID (one account's, as "account:thrid"): it joins what Gmail shows as one thread */
  gm: string | null;
}

/**
 * Messages whose thread id is to change, flat: message id, thread id, message id, thread id, ... (a pair
 * per message would be an array per message: a first import changes every one).
 */
export type ThreadChanges = number[];

/**
 * Re-threads the whole archive and stores each message's thread id (the smallest message id of its
 * thread). Whole-archive on purpose: a parent arriving after its replies merges threads, and the result
 * must not depend on the order mail was imported. Returns the thread count.
 */
export function rethreadArchive(db: Database.Database): number {
  const { changes, threads } = computeThreads(db);
  applyThreads(db, changes);
  return threads;
}

/**
 * Threads the whole archive, reading only: the messages whose stored thread id differs from the
 * computed one, and the thread count. An import computes them here and writes them on its writer. The
 * messages are streamed (three times) inside one read transaction, so every pass sees the same archive;
 * 250,000 messages take a few seconds and tens of MB (docs/performance.md).
 */
export function computeThreads(db: Database.Database): { changes: ThreadChanges; threads: number } {
  const namings = archiveNamings();
  // The passes read every message page once: a full page cache would only hold them at the run's peak.
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -2000');
  try {
    return db.transaction(() => {
      const select = db.prepare(
        `SELECT m.id, m.message_id, m.in_reply_to, m.refs, m.subject, m.date,
           (SELECT g.account_id || ':' || g.gm_thrid FROM gmail_ids g
             WHERE g.message_id = m.id AND g.gm_thrid IS NOT NULL ORDER BY g.account_id LIMIT 1) AS gm
         FROM messages m ORDER BY m.id`,
      );
      function* messages(): Generator<ThreadInput> {
        for (const row of select.iterate() as IterableIterator<ThreadRow>) {
          yield {
            id: row.id,
            messageId: row.message_id,
            inReplyTo: row.in_reply_to,
            references: row.refs ? row.refs.split(' ') : [],
            subject: row.subject,
            date: row.date,
            gmThreadId: row.gm,
          };
        }
      }
      const { ids, threads } = threadSource({ messages, namings });
      const stored = db.prepare('SELECT thread_id FROM messages ORDER BY id').pluck();
      const changes: ThreadChanges = [];
      let index = 0;
      for (const before of stored.iterate() as IterableIterator<number | null>) {
        const thread = threads[index] ?? 0;
        if (thread !== before) changes.push(ids[index] ?? 0, thread);
        index += 1;
      }
      return { changes, threads: new Set(threads).size };
    })();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
    namings.close();
  }
}

/** Stores computed thread ids, in one transaction. */
export function applyThreads(db: Database.Database, changes: ThreadChanges): void {
  const update = db.prepare('UPDATE messages SET thread_id = ? WHERE id = ?');
  db.transaction(() => {
    for (let i = 0; i + 1 < changes.length; i += 2) update.run(changes[i + 1], changes[i]);
  })();
}

/** Whether threads can have changed: new messages stored, or a killed run left some unthreaded. */
export function needsRethread(db: Database.Database, newMessages: number): boolean {
  if (newMessages > 0) return true;
  return db.prepare('SELECT 1 FROM messages WHERE thread_id IS NULL LIMIT 1').get() !== undefined;
}

/**
 * Re-threads only when something can have changed: this run stored new messages, or an earlier run was
 * killed between storing messages and threading them. Returns whether it re-threaded.
 */
export function rethreadIfNeeded(db: Database.Database, newMessages: number): boolean {
  if (!needsRethread(db, newMessages)) return false;
  rethreadArchive(db);
  return true;
}

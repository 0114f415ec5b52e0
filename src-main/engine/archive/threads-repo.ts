import type Database from 'better-sqlite3';
import { threadMessages, type ThreadInput } from '../threading/jwz.ts';
import { gmailThreadsOf } from './labels-repo.ts';

interface ThreadRow {
  id: number;
  message_id: string | null;
  in_reply_to: string | null;
  refs: string | null;
  subject: string | null;
  date: number;
  thread_id: number | null;
}

/** A message whose thread id is to change: [message id, thread id]. */
export type ThreadChange = [number, number];

/**
 * Re-threads the whole archive and stores each message's thread id (the smallest message id of its
 * thread). Whole-archive on purpose: a parent arriving after its replies merges threads, and the result
 * must not depend on the order mail was imported. ~0.2 s for 50k messages. Returns the thread count.
 */
export function rethreadArchive(db: Database.Database): number {
  const { changes, threads } = computeThreads(db);
  applyThreads(db, changes);
  return threads;
}

/**
 * Threads the whole archive, reading only: the messages whose stored thread id differs from the
 * computed one, and the thread count. An import computes them here and writes them on its writer.
 */
export function computeThreads(db: Database.Database): { changes: ThreadChange[]; threads: number } {
  // Rows are turned into inputs as they stream in, so the archive's metadata is held once, not twice.
  const inputs: ThreadInput[] = [];
  const current = new Map<number, number | null>();
  // Gmail's X-GM-THRID joins what Gmail shows as one conversation, headers or not.
  const gmThreads = gmailThreadsOf(db);
  const rows = db
    .prepare('SELECT id, message_id, in_reply_to, refs, subject, date, thread_id FROM messages')
    .iterate() as IterableIterator<ThreadRow>;
  for (const row of rows) {
    current.set(row.id, row.thread_id);
    inputs.push({
      id: row.id,
      messageId: row.message_id,
      inReplyTo: row.in_reply_to,
      references: row.refs ? row.refs.split(' ') : [],
      subject: row.subject,
      date: row.date,
      gmThreadId: gmThreads.get(row.id) ?? null,
    });
  }
  const threads = threadMessages(inputs);
  const changes: ThreadChange[] = [];
  for (const [id, before] of current) {
    const thread = threads.get(id) ?? id;
    if (thread !== before) changes.push([id, thread]);
  }
  return { changes, threads: new Set(threads.values()).size };
}

/** Stores computed thread ids, in one transaction. */
export function applyThreads(db: Database.Database, changes: readonly ThreadChange[]): void {
  const update = db.prepare('UPDATE messages SET thread_id = ? WHERE id = ?');
  db.transaction(() => {
    for (const [id, thread] of changes) update.run(thread, id);
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

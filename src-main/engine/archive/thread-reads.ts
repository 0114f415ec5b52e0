import type Database from 'better-sqlite3';
import { findListing, listThread, type MessageListing } from './listing.ts';

/**
 * A thread's messages in date order. Search reports a message's thread as coalesce(thread_id, id): a
 * message not threaded yet (an import is between storing and threading) is a thread of its own.
 */
export function threadMessages(db: Database.Database, threadId: number): MessageListing[] {
  const messages = listThread(db, threadId);
  if (messages.length > 0) return messages;
  const unthreaded = db.prepare('SELECT 1 FROM messages WHERE id = ? AND thread_id IS NULL').pluck();
  if (unthreaded.get(threadId) === undefined) return messages;
  const single = findListing(db, threadId);
  return single ? [single] : [];
}

/** How many messages each thread holds (at least one: an unthreaded message is its own thread). */
export function threadSizes(db: Database.Database, threadIds: readonly number[]): Map<number, number> {
  const count = db.prepare('SELECT count(*) FROM messages WHERE thread_id = ?').pluck();
  return new Map(threadIds.map((id) => [id, Math.max(1, count.get(id) as number)]));
}

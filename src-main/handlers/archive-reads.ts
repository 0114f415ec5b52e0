import type { SearchPageView, ThreadMessageView } from '../../src-shared/ipc/views.ts';
import { readAttachment, readMessageView } from '../engine/archive/message-view.ts';
import { findListing, listThread, type MessageListing } from '../engine/archive/listing.ts';
import { searchArchive } from '../engine/search/search.ts';
import { HandlerError } from './reply.ts';
import type { HandlerDeps, HandlerTable } from './types.ts';

type ReadChannels = 'search:query' | 'thread:get' | 'message:get' | 'message:attachment';

const toThreadMessage = (m: MessageListing): ThreadMessageView => ({
  id: m.id,
  sha256: m.sha256,
  subject: m.subject,
  from: m.from,
  to: m.to,
  date: m.date,
  folders: m.folders,
  hasAttachments: m.hasAttachments,
  parseError: m.parseError,
});

/** Everything that only reads the archive goes through the read-only connection. */
export function archiveReadHandlers(deps: HandlerDeps): HandlerTable<ReadChannels> {
  const { reader } = deps;
  // Search reports a message's thread as coalesce(thread_id, id): a message not threaded yet (an import
  // is between storing and threading) is a thread of its own.
  const threadSize = reader.prepare('SELECT count(*) FROM messages WHERE thread_id = ?').pluck();
  const unthreaded = reader.prepare('SELECT 1 FROM messages WHERE id = ? AND thread_id IS NULL').pluck();

  const threadMessages = (threadId: number): MessageListing[] => {
    const messages = listThread(reader, threadId);
    if (messages.length > 0 || unthreaded.get(threadId) === undefined) return messages;
    const single = findListing(reader, threadId);
    return single ? [single] : [];
  };

  return {
    'search:query': ({ query, offset, limit }): SearchPageView => {
      // The window shows an empty box before anyone types; the query language calls that an error.
      if (query.trim() === '') return { hits: [], totalThreads: 0, totalThreadsCapped: false, ungrouped: 0 };
      const page = searchArchive(reader, query, { offset, limit });
      return {
        totalThreads: page.totalThreads,
        totalThreadsCapped: page.totalThreadsCapped,
        ungrouped: page.ungrouped,
        hits: page.hits.map((hit) => ({
          ...hit,
          threadSize: Math.max(1, threadSize.get(hit.threadId) as number),
        })),
      };
    },

    'thread:get': ({ threadId }) => {
      const messages = threadMessages(threadId);
      if (messages.length === 0) throw new HandlerError('not-found', `No thread ${threadId} in the archive.`);
      return messages.map(toThreadMessage);
    },

    'message:get': async ({ id }) => {
      const view = await readMessageView(reader, id);
      if (view === null) throw new HandlerError('not-found', `No message ${id} in the archive.`);
      return view;
    },

    'message:attachment': async ({ id, index }) => {
      const attachment = await readAttachment(reader, id, index);
      if (attachment === null) {
        throw new HandlerError('not-found', `Message ${id} has no attachment number ${index + 1}.`);
      }
      const { filename, contentType, content } = attachment;
      return { filename, contentType, base64: content.toString('base64') };
    },
  };
}

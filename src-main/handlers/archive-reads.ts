import type { SearchPageView, ThreadMessageView } from '../../src-shared/ipc/views.ts';
import type { MessageListing } from '../engine/api/index.ts';
import { HandlerError } from './reply.ts';
import type { HandlerContext, HandlerTable } from './types.ts';

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

/** Everything that only reads the archive: the engine reads it through its read-only connection. */
export function archiveReadHandlers({ engine }: HandlerContext): HandlerTable<ReadChannels> {
  const { reads } = engine;
  return {
    'search:query': ({ query, offset, limit, sort }): SearchPageView => {
      // The window shows an empty box before anyone types; the query language calls that an error.
      if (query.trim() === '') {
        return { hits: [], totalThreads: 0, totalThreadsCapped: false, ungrouped: 0, order: sort };
      }
      const page = reads.search(query, { offset, limit, sort });
      const sizes = reads.threadSizes(page.hits.map((hit) => hit.threadId));
      return {
        totalThreads: page.totalThreads,
        totalThreadsCapped: page.totalThreadsCapped,
        ungrouped: page.ungrouped,
        order: page.order,
        hits: page.hits.map((hit) => ({ ...hit, threadSize: sizes.get(hit.threadId) ?? 1 })),
      };
    },

    'thread:get': ({ threadId }) => {
      const messages = reads.thread(threadId);
      if (messages.length === 0) throw new HandlerError('not-found', `No thread ${threadId} in the archive.`);
      return messages.map(toThreadMessage);
    },

    'message:get': async ({ id }) => {
      const view = await reads.message(id);
      if (view === null) throw new HandlerError('not-found', `No message ${id} in the archive.`);
      return view;
    },

    'message:attachment': async ({ id, index }) => {
      const attachment = await reads.attachment(id, index);
      if (attachment === null) {
        throw new HandlerError('not-found', `Message ${id} has no attachment number ${index + 1}.`);
      }
      const { filename, contentType, content } = attachment;
      return { filename, contentType, base64: content.toString('base64') };
    },
  };
}

/** The messages of one thread; the chosen one opens in the viewer below. */
import { useEffect, useState } from 'react';
import type { ReplyError } from '../../../../src-shared/ipc/contract.ts';
import type { ThreadMessageView } from '../../../../src-shared/ipc/views.ts';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { useApi } from '../../api/context.tsx';
import { formatMailDate } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { PaperclipIcon } from '../../ui/icons.tsx';
import { settle } from '../../ui/reply.ts';

interface Props {
  threadId: number;
  matching: ReadonlySet<number>;
  openId: number | null;
  onOpen: (id: number) => void;
}

export function ThreadView({ threadId, matching, openId, onOpen }: Props) {
  const api = useApi();
  const [messages, setMessages] = useState<ThreadMessageView[] | null>(null);
  const [error, setError] = useState<ReplyError | null>(null);

  useEffect(() => {
    let live = true;
    setMessages(null);
    setError(null);
    void settle(api.invoke('thread:get', { threadId })).then((reply) => {
      if (!live) return;
      if (reply.ok) setMessages(reply.value);
      else setError(reply.error);
    });
    return () => {
      live = false;
    };
  }, [api, threadId]);

  if (error !== null) return <ErrorBox error={error} title="The thread could not be opened" />;
  if (messages === null) return <p className="muted">Opening the thread…</p>;
  if (messages.length <= 1) return null;
  return (
    <ol className="thread" aria-label={`Thread of ${messages.length} messages`}>
      {messages.map((message) => (
        <li key={message.id}>
          <button
            type="button"
            className={matching.has(message.id) ? 'thread-item matching' : 'thread-item'}
            aria-current={openId === message.id}
            onClick={() => {
              onOpen(message.id);
            }}
          >
            <span className="hit-from">{visibleText(message.from ?? '(unknown sender)')}</span>
            <span className="thread-subject">{visibleText(message.subject ?? '(no subject)')}</span>
            {message.hasAttachments ? (
              <span aria-label="has attachments">
                <PaperclipIcon />
              </span>
            ) : (
              <span />
            )}
            <span className="hit-date">{formatMailDate(message.date)}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}

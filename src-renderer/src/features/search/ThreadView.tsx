/** The messages of one thread, oldest first; the opened one expands in place and is scrolled into view. */
import { useEffect, useRef } from 'react';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { useInvoke } from '../../api/use-invoke.ts';
import { formatMailDate } from '../../lib/format.ts';
import { senderName } from '../../lib/people.ts';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { PaperclipIcon } from '../../ui/icons.tsx';
import { MessageViewer } from '../viewer/MessageViewer.tsx';

interface Props {
  threadId: number;
  matching: ReadonlySet<number>;
  openId: number | null;
  words: readonly string[];
  onOpen: (id: number | null) => void;
  onClose: () => void;
}

export function ThreadView({ threadId, matching, openId, words, onOpen, onClose }: Props) {
  const { value: messages, error } = useInvoke('thread:get', { threadId });
  const opened = useRef<HTMLLIElement>(null);

  // The opened message's head at the top of the pane, wherever it sits in a long thread.
  useEffect(() => {
    opened.current?.scrollIntoView({ block: 'start' });
  }, [openId, messages]);

  if (error !== null) return <ErrorBox error={error} title="The thread could not be opened" />;
  if (messages === null) return <p className="muted">Opening the thread…</p>;
  const subject = visibleText(messages[0]?.subject ?? '(no subject)');
  return (
    <section className="thread-view" aria-label="Thread">
      {messages.length > 1 && (
        <h2 className="thread-title">
          {subject} <span className="count">{messages.length}</span>
        </h2>
      )}
      <ol className="thread" aria-label={`Thread of ${messages.length} messages`}>
        {messages.map((message) => {
          const isOpen = openId === message.id;
          return (
            <li key={message.id} ref={isOpen ? opened : undefined} className={isOpen ? 'open' : undefined}>
              {messages.length > 1 && (
                <button
                  type="button"
                  className={matching.has(message.id) ? 'thread-item matching' : 'thread-item'}
                  aria-current={isOpen}
                  aria-expanded={isOpen}
                  title={visibleText(message.from ?? '')}
                  onClick={() => {
                    onOpen(isOpen ? null : message.id);
                  }}
                >
                  <span className="hit-from">{visibleText(senderName(message.from))}</span>
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
              )}
              {isOpen && <MessageViewer key={message.id} id={message.id} words={words} onClose={onClose} />}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

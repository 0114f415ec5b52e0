/** One message: headers, the body (sanitized HTML in a sandboxed frame, or plain text) and attachments. */
import { useMemo, useState } from 'react';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { useInvoke } from '../../api/use-invoke.ts';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { AttachmentList } from './AttachmentList.tsx';
import { splitMarked } from './highlight.ts';
import { inlineImageUrls, safeMailDocument } from './mail-html.ts';

interface Props {
  id: number;
  /** the search's words, marked in the message */
  words?: readonly string[];
  onClose: () => void;
}

/** Mounted once per message (keyed by id), so opening another one blocks remote content again. */
export function MessageViewer({ id, words = NO_WORDS, onClose }: Props) {
  const { value: message, error } = useInvoke('message:get', { id });
  const [allowRemote, setAllowRemote] = useState(false);

  // The message's own cid: images, as data: URLs (all the frame's CSP lets in before "Load images").
  const inline = useMemo(() => inlineImageUrls(message?.inlineImages ?? []), [message]);
  const safe = useMemo(
    () =>
      message?.html == null
        ? null
        : safeMailDocument(message.html, { allowRemote, inline, highlight: words }),
    [message, allowRemote, inline, words],
  );

  if (error !== null) return <ErrorBox error={error} title="The message could not be opened" />;
  if (message === null) return <p className="muted">Opening the message…</p>;
  const subject = visibleText(message.subject ?? '(no subject)');
  return (
    <article className="viewer" aria-label={subject}>
      <header className="viewer-head">
        <h2>{subject}</h2>
        <button type="button" className="quiet close" onClick={onClose} aria-label="Close message (Escape)">
          ✕
        </button>
        <dl className="headers">
          <Header label="From" value={message.from} />
          <Header label="To" value={message.to} />
          <Header label="Cc" value={message.cc} />
          <Header label="Date" value={new Date(message.date).toLocaleString()} />
          <Header label="Folders" value={message.folders.join(', ')} />
        </dl>
      </header>
      {message.parseError !== null && (
        <p className="hint warn">
          This message could not be fully parsed ({visibleText(message.parseError)}). It is archived byte for
          byte; export it to open it in another mail program.
        </p>
      )}
      {safe !== null && safe.blocked > 0 && !allowRemote && (
        <p className="remote-note">
          Remote images are blocked so the sender cannot see that you opened this message.{' '}
          <button
            type="button"
            onClick={() => {
              setAllowRemote(true);
            }}
          >
            Load images
          </button>
        </p>
      )}
      {safe !== null ? (
        <iframe
          className="mail-frame"
          title="Message body"
          sandbox=""
          referrerPolicy="no-referrer"
          srcDoc={safe.srcdoc}
        />
      ) : (
        <pre className="mail-text">
          {message.text === null
            ? '(This message has no text.)'
            : splitMarked(message.text, words).map((piece, i) =>
                piece.marked ? <mark key={i}>{piece.text}</mark> : piece.text,
              )}
        </pre>
      )}
      {message.attachments.length > 0 && <AttachmentList message={message} />}
    </article>
  );
}

const NO_WORDS: readonly string[] = [];

function Header({ label, value }: { label: string; value: string | null }) {
  if (value === null || value === '') return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd>{visibleText(value)}</dd>
    </div>
  );
}

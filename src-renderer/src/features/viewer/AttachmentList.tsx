/**
 * A message's attachments: save any (the browser's download), preview images in place. An image is shown
 * as a data: URL in an <img> under a raster type from a fixed list, so its bytes only ever reach the image
 * decoder (never SVG, which can hold script). PDFs are saved: Chromium refuses its PDF viewer inside a
 * sandboxed frame, and the window allows no other frames.
 */
import { useState } from 'react';
import type { ReplyError } from '../../../../src-shared/ipc/contract.ts';
import type { AttachmentView, MessageView } from '../../../../src-shared/ipc/views.ts';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { useApi } from '../../api/context.tsx';
import { formatBytes } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { settle } from '../../ui/reply.ts';
import { attachmentType } from './attachment-type.ts';
import { downloadBase64 } from './download.ts';
import { safeFilename } from './safe-filename.ts';

const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
/** Bigger images are saved, not decoded into the window. */
const MAX_PREVIEW_BYTES = 15 * 1024 * 1024;

function previewType(attachment: AttachmentView): string | null {
  const type = attachmentType(attachment.contentType, attachment.filename);
  return PREVIEWABLE.has(type) && attachment.size <= MAX_PREVIEW_BYTES ? type : null;
}

const label = (a: AttachmentView): string => visibleText(a.filename ?? `attachment ${a.index + 1}`);

export function AttachmentList({ message }: { message: MessageView }) {
  const api = useApi();
  const [error, setError] = useState<{ what: string; error: ReplyError } | null>(null);
  const [previews, setPreviews] = useState<ReadonlyMap<number, string>>(new Map());

  async function fetchBytes(
    index: number,
    what: string,
  ): Promise<{ base64: string; filename: string } | null> {
    setError(null);
    const reply = await settle(api.invoke('message:attachment', { id: message.id, index }));
    if (reply.ok) return reply.value;
    setError({ what, error: reply.error });
    return null;
  }
  async function save(attachment: AttachmentView): Promise<void> {
    const got = await fetchBytes(attachment.index, 'saved');
    if (got === null) return;
    downloadBase64(
      got.base64,
      safeFilename(got.filename || attachment.filename, `attachment-${attachment.index + 1}`),
    );
  }
  async function preview(attachment: AttachmentView, type: string): Promise<void> {
    if (previews.has(attachment.index)) {
      setPreviews((shown) => new Map([...shown].filter(([index]) => index !== attachment.index)));
      return;
    }
    const got = await fetchBytes(attachment.index, 'shown');
    if (got === null) return;
    setPreviews((shown) => new Map(shown).set(attachment.index, `data:${type};base64,${got.base64}`));
  }

  return (
    <section className="attachments" aria-label="Attachments">
      <h3>Attachments</h3>
      <ul>
        {message.attachments.map((attachment) => {
          const type = previewType(attachment);
          const shown = previews.get(attachment.index);
          return (
            <li key={attachment.index}>
              <button type="button" onClick={() => void save(attachment)}>
                Save {label(attachment)}
              </button>
              {type !== null && (
                <button
                  type="button"
                  className="quiet"
                  aria-expanded={shown !== undefined}
                  onClick={() => void preview(attachment, type)}
                >
                  {shown === undefined ? 'Preview' : 'Hide preview'}
                </button>
              )}
              <span className="muted">
                {attachmentType(attachment.contentType, attachment.filename)} · {formatBytes(attachment.size)}
              </span>
              {shown !== undefined && (
                <figure className="attachment-preview">
                  <img src={shown} alt={label(attachment)} />
                </figure>
              )}
            </li>
          );
        })}
      </ul>
      {error !== null && <ErrorBox error={error.error} title={`The attachment could not be ${error.what}`} />}
    </section>
  );
}

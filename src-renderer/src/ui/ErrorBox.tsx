import { useEffect, useRef } from 'react';
import type { ReplyError } from '../../../src-shared/ipc/contract.ts';
import { visibleText } from '../../../src-shared/visible-text.ts';

/** Advice by error code, for replies that bring no hint of their own. */
const ADVICE: Partial<Record<ReplyError['code'], string>> = {
  auth: 'Check the user name and password. Most providers need an app password for IMAP.',
  connection: 'Check the server name, port and security, and that this computer is online.',
  config: 'Check the account settings.',
  archive: 'The archive file could not be read or written. Check the disk space and permissions.',
  query: 'Change the search and try again: the line under the search box lists what it understands.',
};

/** An error that says what happened and what to do about it. */
export function ErrorBox({ error, title }: { error: ReplyError; title?: string }) {
  const hint = error.hint ?? ADVICE[error.code];
  const box = useRef<HTMLDivElement>(null);
  // A long form can leave the error below the fold; bring it into view once, when it appears.
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'nearest' });
  }, [error]);
  return (
    <div ref={box} className="error-box" role="alert">
      <strong>{title ?? 'Something went wrong'}</strong>
      <p className="error-message">{visibleText(error.message)}</p>
      {hint !== undefined && <p className="error-hint">{visibleText(hint)}</p>}
    </div>
  );
}

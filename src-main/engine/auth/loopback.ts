import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MailtroveError } from '../errors.ts';
import { OAuthError } from './errors.ts';

/** A redirect listener on 127.0.0.1 with a port the system chose; it serves one sign-in, then stops. */
export interface LoopbackListener {
  /** http://127.0.0.1:PORT/ — registered clients accept any loopback port */
  redirectUri: string;
  /** the authorization code, once the browser comes back with the expected state */
  code: Promise<string>;
  close(): Promise<void>;
}

const PAGE = (title: string, text: string): string =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title>` +
  `<body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body>`;

/** Starts listening; the promise `code` settles with the code, an OAuth error, or rejects on abort. */
export async function startLoopback(state: string, signal?: AbortSignal): Promise<LoopbackListener> {
  let settle: { resolve: (code: string) => void; reject: (error: unknown) => void } | null = null;
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Keeps an unawaited rejection (the caller closed early) from counting as unhandled.
  code.catch(() => undefined);
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    // Favicons and other stray requests leave the sign-in waiting.
    if (url.pathname !== '/' || (!url.searchParams.has('code') && !url.searchParams.has('error'))) {
      response.writeHead(404).end();
      return;
    }
    let outcome: string | Error;
    try {
      outcome = codeFromRedirect(url.toString(), state);
    } catch (error) {
      outcome = error as Error;
    }
    const ok = typeof outcome === 'string';
    response.writeHead(ok ? 200 : 400, { 'content-type': 'text/html; charset=utf-8', connection: 'close' });
    response.end(
      ok
        ? PAGE('Signed in', 'MailTrove has what it needs. You can close this tab.')
        : PAGE('Sign-in failed', 'Go back to MailTrove for the details.'),
    );
    // A wrong state is someone else's redirect: keep waiting for ours.
    if (!ok && outcome instanceof MailtroveError && /state/.test(outcome.message)) return;
    if (ok) settle?.resolve(outcome as string);
    else settle?.reject(outcome);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => {
        resolve();
      });
    });
  const onAbort = (): void => {
    settle?.reject(signal?.reason ?? new Error('sign-in cancelled'));
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  void code.finally(() => signal?.removeEventListener('abort', onAbort)).catch(() => undefined);
  return { redirectUri: `http://127.0.0.1:${port}/`, code, close };
}

/**
 * The code from the address the browser was sent to, for `--no-browser`: the user pastes it from another
 * machine's address bar. Checks `state` so a stale or forged redirect is refused.
 */
export function codeFromRedirect(pasted: string, state: string): string {
  let url: URL;
  try {
    url = new URL(pasted.trim());
  } catch {
    throw new MailtroveError('usage', 'That is not the address the browser was sent to.', {
      hint: 'Copy the whole address from the browser, starting with http://127.0.0.1.',
    });
  }
  const error = url.searchParams.get('error');
  if (error) throw new OAuthError(error, url.searchParams.get('error_description'));
  if (url.searchParams.get('state') !== state) {
    throw new MailtroveError('usage', 'The address belongs to another sign-in (its state does not match).', {
      hint: 'Start the sign-in again and paste the address of this one.',
    });
  }
  const code = url.searchParams.get('code');
  if (!code) throw new MailtroveError('usage', 'The address has no authorization code in it.');
  return code;
}

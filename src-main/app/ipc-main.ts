/**
 * The one file in main that touches ipcMain (eslint enforces it): the window's invoke requests come in
 * here, and engine events go out. Everything else in main deals in plain functions.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { EventName, Events, Reply } from '../../src-shared/ipc/contract.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../src-shared/ipc/electron-channels.ts';

/**
 * Answers the window's requests with `invoke` (which validates them). Requests from anything but a
 * trusted frame — another window, a subframe — are refused before they are looked at.
 */
export function handleInvokes(
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
  invoke: (channel: unknown, request: unknown) => Promise<Reply<unknown>>,
): () => void {
  ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, request: unknown): Promise<Reply<unknown>> => {
    if (!isTrusted(event)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'invalid-request', message: 'Refused: the request did not come from the app window.' },
      });
    }
    return invoke(channel, request);
  });
  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
  };
}

/** Sends one engine event to a window, which the preload hands to the page's listeners. */
export function pushEvent(contents: WebContents, event: EventName, payload: Events[EventName]): void {
  if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, { event, payload });
}

/**
 * The only door between the page and the app, and the one file besides src-main/app/ipc-main.ts that
 * touches Electron IPC (eslint enforces it). It exposes exactly the contract's MailtroveApi: the page
 * never sees ipcRenderer, Electron's event objects or any other channel. Runs sandboxed: only
 * 'electron' can be required, so the bundle inlines the rest.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventName, Events, MailtroveApi, Replies, Reply } from '../src-shared/ipc/contract.ts';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../src-shared/ipc/electron-channels.ts';

interface EventMessage {
  event: EventName;
  payload: unknown;
}

const api: MailtroveApi = {
  invoke: (channel, request) =>
    // Main validates the request against the contract and always answers a Reply value.
    ipcRenderer.invoke(INVOKE_CHANNEL, channel, request) as Promise<Reply<Replies[typeof channel]>>,
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    const relay = (_event: IpcRendererEvent, message: EventMessage): void => {
      // Main sends each event with its own name's payload (ipc-main.ts pushEvent).
      if (message.event === event) listener(message.payload as Events[E]);
    };
    ipcRenderer.on(EVENT_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, relay);
    };
  },
};

contextBridge.exposeInMainWorld('mailtrove', Object.freeze(api));

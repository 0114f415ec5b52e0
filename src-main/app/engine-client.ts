/**
 * Main's side of the engine: validates every request from the window against the contract BEFORE it
 * leaves main, forwards it to the utility process and matches the reply. Pure: it takes
 * an EnginePort, so tests drive it without Electron.
 */
import {
  isChannel,
  parseRequest,
  type EventName,
  type Events,
  type Reply,
} from '../../src-shared/ipc/contract.ts';
import type { EnginePort, FromEngine } from './engine-protocol.ts';

export type EngineEventListener = (event: EventName, payload: Events[EventName]) => void;

export interface EngineClient {
  /** never rejects: a bad channel or request, or an engine that went away, is a Reply too */
  invoke(channel: unknown, request: unknown): Promise<Reply<unknown>>;
  onEvent(listener: EngineEventListener): () => void;
  /** resolves once the engine has paused its jobs and closed the archive, or after `timeoutMs` */
  close(timeoutMs?: number): Promise<void>;
  /** the utility process ended: every pending request gets an answer instead of hanging */
  exited(reason: string): void;
}

export function createEngineClient(port: EnginePort): EngineClient {
  const pending = new Map<number, (reply: Reply<unknown>) => void>();
  const listeners = new Set<EngineEventListener>();
  let nextId = 1;
  let gone: string | null = null;
  let failure: string | null = null;
  let onClosed: (() => void) | null = null;

  port.on('message', (message: FromEngine) => {
    switch (message.type) {
      case 'reply':
        pending.get(message.id)?.(message.reply);
        pending.delete(message.id);
        break;
      case 'event':
        for (const listener of listeners) listener(message.event, message.payload);
        break;
      case 'failed':
        failure = message.message;
        break;
      case 'closed':
        onClosed?.();
        break;
      case 'ready':
        break;
    }
  });

  const unavailable = (message: string): Reply<unknown> => ({
    ok: false,
    error: { code: 'archive', message },
  });

  return {
    invoke(channel, request) {
      if (!isChannel(channel)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'invalid-request', message: 'Unknown channel.' },
        });
      }
      const parsed = parseRequest(channel, request);
      if (!parsed.ok) return Promise.resolve(parsed);
      if (failure !== null) return Promise.resolve(unavailable(failure));
      if (gone !== null) return Promise.resolve(unavailable(gone));
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        port.postMessage({ type: 'invoke', id, channel, request: parsed.value });
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close(timeoutMs = 10_000) {
      if (gone !== null) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        onClosed = () => {
          clearTimeout(timer);
          resolve();
        };
        port.postMessage({ type: 'close' });
      });
    },
    exited(reason) {
      gone = `The engine stopped (${reason}); restart MailTrove.`;
      for (const resolve of pending.values()) resolve(unavailable(gone));
      pending.clear();
      onClosed?.();
    },
  };
}

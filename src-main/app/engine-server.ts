/**
 * The utility process's side of engine-protocol.ts: runs each request through the handlers (which
 * validate it again: the engine trusts no one) and streams events back. Pure: tests connect it straight
 * to an EngineClient.
 */
import type { Handlers } from '../handlers/index.ts';
import type { FromEngine, ToEngine } from './engine-protocol.ts';

export interface ParentPortLike {
  postMessage(message: FromEngine): void;
  on(event: 'message', listener: (event: { data: ToEngine }) => void): unknown;
}

export function serveEngine(parent: ParentPortLike, handlers: Handlers, close: () => Promise<void>): void {
  handlers.onAny((event, payload) => {
    parent.postMessage({ type: 'event', event, payload });
  });
  parent.on('message', ({ data }) => {
    if (data.type === 'invoke') {
      void handlers.invoke(data.channel, data.request).then((reply) => {
        parent.postMessage({ type: 'reply', id: data.id, reply });
      });
    } else {
      void close().finally(() => {
        parent.postMessage({ type: 'closed' });
      });
    }
  });
  parent.postMessage({ type: 'ready' });
}

import type { EventName, Events } from '../../src-shared/ipc/contract.ts';

type Listener<E extends EventName> = (payload: Events[E]) => void;

/** The engine's events, fanned out to every window or socket that listens. */
export interface EventHub {
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  /** returns the unsubscribe function */
  on<E extends EventName>(event: E, listener: Listener<E>): () => void;
  /** every event, for transports that forward them all (a window, a socket); returns the unsubscribe */
  onAny(listener: AnyListener): () => void;
}

export type AnyListener = <E extends EventName>(event: E, payload: Events[E]) => void;

export function createEventHub(onListenerError: (error: unknown) => void = () => undefined): EventHub {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const anyListeners = new Set<AnyListener>();
  return {
    emit(event, payload) {
      for (const listener of anyListeners) {
        try {
          listener(event, payload);
        } catch (error) {
          onListenerError(error);
        }
      }
      for (const listener of listeners.get(event) ?? []) {
        // One broken window or socket must not stop the others, nor the import that emitted.
        try {
          (listener as Listener<typeof event>)(payload);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    onAny(listener) {
      anyListeners.add(listener);
      return () => {
        anyListeners.delete(listener);
      };
    },
  };
}

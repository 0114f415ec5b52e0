/** One load-on-mount call: the reply of a channel for a request, reloaded when the request changes. */
import { useCallback, useEffect, useState } from 'react';
import type { Channel, Replies, ReplyError, RequestOf } from '../../../src-shared/ipc/contract.ts';
import { settle } from '../ui/reply.ts';
import { useApi } from './context.tsx';

export interface Invoked<T> {
  /** the reply to this request; kept while a reload runs, dropped when a reload fails */
  value: T | null;
  error: ReplyError | null;
  loading: boolean;
  /** runs the same request again, also when nothing about it changed */
  reload: () => void;
}

/**
 * Calls `channel` with `request` on mount and whenever the request's content changes (compared as JSON, so
 * a new object with the same fields does not call again); `null` means "nothing to ask yet". A reply that
 * arrives after the request changed or the component unmounted is dropped.
 */
export function useInvoke<C extends Channel>(channel: C, request: RequestOf<C> | null): Invoked<Replies[C]> {
  const api = useApi();
  const key = request === null ? null : JSON.stringify(request);
  const [run, setRun] = useState(0);
  // The reply is kept with the request it answers: a reply to an older request is never shown as current.
  const [state, setState] = useState<Answer<Replies[C]>>({
    key: null,
    value: null,
    error: null,
    loading: false,
  });

  useEffect(() => {
    if (key === null) return;
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    // The key is the request itself, so parsing it back gives the same request.
    const parsed = JSON.parse(key) as RequestOf<C>;
    void settle(api.invoke(channel, parsed)).then((reply) => {
      if (!live) return;
      setState(
        reply.ok
          ? { key, value: reply.value, error: null, loading: false }
          : { key, value: null, error: reply.error, loading: false },
      );
    });
    return () => {
      live = false;
    };
  }, [api, channel, key, run]);

  const reload = useCallback(() => {
    setRun((n) => n + 1);
  }, []);
  const current = key !== null && state.key === key;
  return {
    value: current ? state.value : null,
    error: current ? state.error : null,
    loading: key !== null && (!current || state.loading),
    reload,
  };
}

interface Answer<T> {
  key: string | null;
  value: T | null;
  error: ReplyError | null;
  loading: boolean;
}

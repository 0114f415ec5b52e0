/**
 * The contract over HTTP for a plain browser (`mailtrove serve`, `npm run web`, the e2e tests):
 * POST /api/invoke/<channel> with the request as JSON answers with the Reply; a WebSocket on
 * /api/events pushes `{"event": name, "payload": ...}`. The address `mailtrove serve` prints signs this
 * browser in once: the server trades its ?token=… for a session cookie scoped to /api and redirects to the
 * page without the token, so the page never sees it and same-origin requests carry the cookie by themselves.
 */
import type {
  Channel,
  EventName,
  Events,
  MailtroveApi,
  Replies,
  Reply,
  ReplyError,
  RequestOf,
} from '../../../src-shared/ipc/contract.ts';

type Listener = (payload: never) => void;

const LOST: ReplyError = {
  code: 'connection',
  message: 'The MailTrove server did not answer.',
  hint: 'Check that `mailtrove serve` is still running, then reload this page.',
};

function isReply(value: unknown): value is Reply<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true ? 'value' in value : 'error' in value;
}

async function invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Reply<Replies[C]>> {
  let response: Response;
  try {
    response = await fetch(`/api/invoke/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, error: LOST };
  }
  if (response.status === 401 || response.status === 403) {
    return {
      ok: false,
      error: {
        code: 'auth',
        message: 'This page is not signed in to the MailTrove server.',
        hint:
          'Open the address with ?token=… that `mailtrove serve` printed. It works once, for one browser: ' +
          'to sign in again, stop `mailtrove serve` and start it for a new address.',
      },
    };
  }
  const body: unknown = await response.json().catch(() => null);
  if (!isReply(body)) {
    return {
      ok: false,
      error: { ...LOST, message: `The server answered ${response.status} without a reply.` },
    };
  }
  // The server builds this reply from the same contract for this channel.
  return body as Reply<Replies[C]>;
}

/** One socket for every subscription, reopened with backoff when the server restarts or sleeps. */
class EventSocket {
  private readonly listeners = new Map<EventName, Set<Listener>>();
  private socket: WebSocket | null = null;
  private retryMs = 500;

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    this.open();
    return () => {
      set.delete(listener);
    };
  }

  private open(): void {
    if (this.socket !== null) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/api/events`);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retryMs = 500;
    });
    socket.addEventListener('message', (message: MessageEvent<unknown>) => {
      this.dispatch(message.data);
    });
    socket.addEventListener('close', () => {
      this.socket = null;
      setTimeout(() => {
        this.open();
      }, this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 10_000);
    });
  }

  private dispatch(data: unknown): void {
    if (typeof data !== 'string') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || !('event' in parsed) || !('payload' in parsed))
      return;
    const set = this.listeners.get(parsed.event as EventName);
    if (set === undefined) return;
    // Payloads come from the server's typed Events; each listener was registered for this event name.
    for (const listener of set) (listener as (payload: unknown) => void)(parsed.payload);
  }
}

export function createWebApi(): MailtroveApi {
  const events = new EventSocket();
  return {
    invoke,
    on: (event, listener) => events.on(event, listener),
  };
}

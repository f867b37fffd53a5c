import type { EventName, Events, Method, MethodArgs, MethodResult, RequestMessage, TidingsApi } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import type { ConnectionMonitor, ConnectionSnapshot } from './connection';
import { toApiError } from './errors';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: ApiError) => void;
  /** Whether the request went out on a socket (else it waits in the queue). */
  sent: boolean;
}

type Listener = (payload: unknown) => void;

/**
 * TidingsApi over the loopback WebSocket of `npm run web`.
 *
 * Calls made while the socket is (re)connecting wait in a queue and go out once
 * it opens. Calls already sent when the socket drops are rejected rather than
 * re-sent: we cannot know whether the core ran them, and re-running e.g.
 * `accounts.add` could save an account twice.
 */
export class WebSocketApi implements TidingsApi, ConnectionMonitor {
  readonly #url: string;
  readonly #protocols: string[];
  #socket: WebSocket | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  #queue: RequestMessage[] = [];
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #watchers = new Set<() => void>();
  #retryMs = FIRST_RETRY_MS;
  #snapshot: ConnectionSnapshot = { state: 'connecting', failedAttempts: 0, reconnects: 0 };
  #everOpened = false;

  constructor(url: string, protocols: string[]) {
    this.#url = url;
    this.#protocols = protocols;
    this.#connect();
  }

  call<M extends Method>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>> {
    return new Promise<MethodResult<M>>((resolve, reject) => {
      const id = this.#nextId++;
      this.#pending.set(id, { resolve: resolve as (result: unknown) => void, reject, sent: false });
      const request: RequestMessage = { id, method, args };
      if (this.#socket?.readyState === WebSocket.OPEN) this.#send(request);
      else this.#queue.push(request);
    });
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    const stored = listener as Listener;
    set.add(stored);
    return () => {
      set.delete(stored);
    };
  }

  getSnapshot = (): ConnectionSnapshot => this.#snapshot;

  subscribe = (watcher: () => void): (() => void) => {
    this.#watchers.add(watcher);
    return () => {
      this.#watchers.delete(watcher);
    };
  };

  #setSnapshot(next: Partial<ConnectionSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...next };
    for (const watcher of this.#watchers) watcher();
  }

  #connect(): void {
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.#url, this.#protocols);
    } catch {
      // Only a malformed URL or protocol list throws here; retrying keeps the
      // banner up instead of leaving a blank window.
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    socket.addEventListener('open', () => this.#onOpen(socket));
    socket.addEventListener('message', (event) => this.#onMessage(event));
    socket.addEventListener('close', () => this.#onClose(socket));
    // 'error' is always followed by 'close', which does the work.
  }

  #onOpen(socket: WebSocket): void {
    if (socket !== this.#socket) return;
    this.#retryMs = FIRST_RETRY_MS;
    const reconnects = this.#everOpened ? this.#snapshot.reconnects + 1 : this.#snapshot.reconnects;
    this.#everOpened = true;
    const queued = this.#queue;
    this.#queue = [];
    for (const request of queued) this.#send(request);
    this.#setSnapshot({ state: 'open', failedAttempts: 0, reconnects });
  }

  #onClose(socket: WebSocket): void {
    if (socket !== this.#socket) return;
    this.#socket = null;
    for (const [id, pending] of this.#pending) {
      if (!pending.sent) continue;
      this.#pending.delete(id);
      pending.reject(new ApiError('connect_failed', 'The connection to Tidings was lost before it answered. Please try again.'));
    }
    this.#setSnapshot({
      state: this.#everOpened ? 'lost' : 'unreachable',
      failedAttempts: this.#snapshot.failedAttempts + 1,
    });
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    const delay = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS);
    window.setTimeout(() => this.#connect(), delay);
  }

  #send(request: RequestMessage): void {
    const pending = this.#pending.get(request.id);
    if (pending) pending.sent = true;
    this.#socket?.send(JSON.stringify(request));
  }

  #onMessage(event: MessageEvent): void {
    let message: unknown;
    try {
      message = JSON.parse(String(event.data));
    } catch {
      console.error('Tidings: ignoring a message that is not JSON');
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as Record<string, unknown>;
    if (typeof m.id === 'number') this.#onResponse(m.id, m);
    else if (typeof m.event === 'string') this.#onEvent(m.event, m.payload);
  }

  #onResponse(id: number, message: Record<string, unknown>): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    if (message.ok === true) pending.resolve(message.result);
    else pending.reject(toApiError(message.error ?? { code: 'internal', message: 'Tidings sent an unreadable answer.' }));
  }

  #onEvent(event: string, payload: unknown): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      // One failing listener must not starve the others.
      try {
        listener(payload);
      } catch (error) {
        reportError(error);
      }
    }
  }
}

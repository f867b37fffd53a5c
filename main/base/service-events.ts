import type { AccountStatus } from '../../shared/accounts';

// What services tell each other, on a channel of its own: the UI's events
// (ui-events.ts) carry only what shared/contract.ts lists, and no service
// reads them. A service that needs to hear about another subscribes here, so
// neither imports the other and core/ can build them in dependency order.

export interface ServiceEventMap {
  /** An account's sync connected, or lost its connection and says why; the accounts service publishes it. */
  'sync.status': { accountId: string; status: AccountStatus };
  /** The connection state of an account, as published to the UI. */
  'account.status': { accountId: string; status: AccountStatus };
  /** An account signed in again with OAuth2 and has new tokens: reconnect it. */
  'account.reauthorized': { accountId: string };
  /** An account's folder list changed (synced from its server, or a local folder made or removed). */
  'folders.changed': { accountId: string };
}

export type ServiceEventName = keyof ServiceEventMap;
type Listener<E extends ServiceEventName> = (payload: ServiceEventMap[E]) => void | Promise<void>;

export class ServiceEvents {
  private readonly listeners = new Map<ServiceEventName, Set<Listener<never>>>();

  /** `onError` hears what a listener threw for a `notify` (an `emit` hands it to its caller). */
  constructor(private readonly onError: (event: ServiceEventName, error: unknown) => void) {}

  on<E extends ServiceEventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  /** Runs every listener in turn and waits for each; the first failure rejects (the caller's operation failed). */
  async emit<E extends ServiceEventName>(event: E, payload: ServiceEventMap[E]): Promise<void> {
    for (const listener of this.listenersOf(event)) await listener(payload);
  }

  /** Tells every listener without waiting; what one throws goes to `onError`, never to the teller. */
  notify<E extends ServiceEventName>(event: E, payload: ServiceEventMap[E]): void {
    for (const listener of this.listenersOf(event)) {
      try {
        const result = listener(payload);
        if (result) result.catch((error: unknown) => this.onError(event, error));
      } catch (error) {
        this.onError(event, error);
      }
    }
  }

  private listenersOf<E extends ServiceEventName>(event: E): Listener<E>[] {
    // A copy: a listener may unsubscribe while the event is being delivered.
    return [...(this.listeners.get(event) ?? [])] as Listener<E>[];
  }
}

import type { EventName, Events } from '../../shared/contract';

type Listener = <E extends EventName>(event: E, payload: Events[E]) => void;

/**
 * Events the core pushes to every connected UI (the contract's `Events`);
 * transports subscribe here. Services talk to each other on ServiceEvents.
 */
export class UiEvents {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

import type { EventName, Events, Method, MethodArgs, MethodResult, TidingsApi } from '../../../shared/contract';
import type { MessageSummary } from '../../../shared/mail';

/** One call the code under test made, answered when the test says so. */
export interface PendingCall {
  method: Method;
  args: Record<string, unknown>;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * A TidingsApi whose calls wait until the test answers them (so the order of
 * answers can be chosen), and whose events the test emits.
 */
export class FakeApi implements TidingsApi {
  readonly calls: PendingCall[] = [];
  readonly #listeners = new Map<string, Set<(payload: unknown) => void>>();

  call<M extends Method>(method: M, args: MethodArgs<M>): Promise<MethodResult<M>> {
    return new Promise((resolve, reject) => {
      this.calls.push({ method, args: args as Record<string, unknown>, resolve: resolve as (result: unknown) => void, reject });
    });
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    const stored = listener as (payload: unknown) => void;
    set.add(stored);
    return () => set.delete(stored);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(payload);
  }

  listenerCount(event: EventName): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  /** The calls of `method` not answered yet, oldest first (answering removes them). */
  waiting(method?: Method): PendingCall[] {
    return this.calls.filter((c) => method === undefined || c.method === method);
  }

  /** Takes the oldest unanswered call (of `method`); fails the test when there is none. */
  take(method?: Method): PendingCall {
    const at = this.calls.findIndex((c) => method === undefined || c.method === method);
    if (at < 0) throw new Error(`no ${method ?? ''} call waiting`);
    const [call] = this.calls.splice(at, 1) as [PendingCall];
    return call;
  }
}

/** Lets promise callbacks (answers reaching the code under test) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise((resolve) => setImmediate(resolve));
}

export function summary(id: number, patch: Partial<MessageSummary> = {}): MessageSummary {
  return {
    id,
    accountId: 'a_1',
    folderId: 7,
    subject: `Message ${id}`,
    from: { name: 'Ada', address: 'ada@example.test' },
    date: '2026-01-01T00:00:00.000Z',
    snippet: '',
    seen: false,
    flagged: false,
    answered: false,
    hasAttachments: false,
    size: 1000,
    ...patch,
  };
}

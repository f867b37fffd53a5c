import type { Account } from '../../../shared/accounts';

/**
 * The account.status events, numbered as they come. A list of accounts read
 * before an event (or an account the UI just saved) must not put the older
 * status back: the events after the read win.
 */
export class AccountStatuses {
  #count = 0;
  readonly #byAccount = new Map<string, { status: Account['status']; seq: number }>();

  record(accountId: string, status: Account['status']): void {
    this.#byAccount.set(accountId, { status, seq: ++this.#count });
  }

  /** A mark to take before a read: apply(list, mark) then keeps only the events after it. */
  mark(): number {
    return this.#count;
  }

  /** The accounts with the statuses of events newer than `since` (0: every event seen). */
  apply(list: Account[], since: number): Account[] {
    return list.map((a) => {
      const event = this.#byAccount.get(a.id);
      return event && event.seq > since ? { ...a, status: event.status } : a;
    });
  }
}

import { Backoff } from '../base/backoff';
import { serverRefusal } from '../net/connection-failure';

// How long a sync waits after a server's "not now" (`server_busy`, see
// net/connection-failure.ts). A lasting limit (Gmail's connection cap, a
// download limit) is waited out in one long wait. A passing one (Microsoft's
// throttling) is asked again sooner: after what the server suggested, within
// bounds, else after a backoff of a minute that doubles up to the long wait.
//
// The backoff is kept across logins on purpose: Outlook accepts the login
// and refuses the next command while it throttles, so a backoff that started
// over at each successful login (as the connection backoff does) would ask
// again every 2 seconds. It starts over only when a whole sync pass worked
// (`reset`).

/** The first wait after a passing refusal; it doubles each time, up to the long wait. */
export const SHORT_BUSY_FIRST_MS = 60_000;
/** A server's suggested wait is honoured within these bounds. */
export const SUGGESTED_MIN_MS = 30_000;

export class ServerBusyWait {
  private readonly backoff: Backoff;

  constructor(
    private readonly longMs: number,
    random: () => number = Math.random,
  ) {
    this.backoff = new Backoff(SHORT_BUSY_FIRST_MS, 2, longMs, random);
  }

  /** How long to wait before the next attempt, after `error` (a server_busy failure). */
  next(error: unknown): number {
    const refusal = serverRefusal(error);
    if (!refusal || refusal.wait === 'long') return this.longMs;
    const backoff = this.backoff.next();
    if (refusal.suggestedMs !== undefined) return Math.min(this.longMs * 4, Math.max(SUGGESTED_MIN_MS, refusal.suggestedMs));
    return backoff;
  }

  /** A sync pass went through: the next passing refusal starts with the short wait again. */
  reset(): void {
    this.backoff.reset();
  }
}

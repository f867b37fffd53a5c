import { randomBytes } from 'node:crypto';
import { sameSecret } from './access';

// How the browser gets the access token without the token ever being on a
// command line or in the browser's history. The address `npm run web` opens
// (and prints) carries a one-time code instead: the page trades it for the
// token over loopback (POST /session, server.ts) and removes it from the
// address. A browser's command line is readable by every local user in /proc,
// and an address stays in the history; a code there is spent, or dead within
// minutes.

/** Long enough for a browser that starts cold on a busy machine; short enough that an old address is dead. */
export const CODE_LIFETIME_MS = 2 * 60_000;
/** At most this many codes wait at once (each Enter in the terminal makes one); the oldest goes first. */
const MAX_WAITING = 16;

export class OneTimeCodes {
  private readonly waiting = new Map<string, number>();

  constructor(
    private readonly lifetimeMs = CODE_LIFETIME_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new code, valid once within the lifetime. */
  issue(): string {
    this.dropExpired();
    if (this.waiting.size >= MAX_WAITING) {
      const oldest = this.waiting.keys().next().value;
      if (oldest !== undefined) this.waiting.delete(oldest);
    }
    const code = randomBytes(16).toString('hex');
    this.waiting.set(code, this.now() + this.lifetimeMs);
    return code;
  }

  /** Whether `presented` is a code issued here, not yet redeemed and not expired; it is spent either way. */
  redeem(presented: string): boolean {
    this.dropExpired();
    for (const [code, expires] of this.waiting) {
      if (!sameSecret(code, presented)) continue;
      this.waiting.delete(code);
      return expires > this.now();
    }
    return false;
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [code, expires] of this.waiting) if (expires <= now) this.waiting.delete(code);
  }
}

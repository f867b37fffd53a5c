import type { ImapFlow } from 'imapflow';
import { Backoff } from '../base/backoff';
import { type Logger, logger } from '../base/log';
import { serverLimit } from '../net/connection-failure';

// A second connection that sits in IDLE (RFC 2177) on one folder, usually the
// Inbox, and says when the server reports a change there. It reconnects by
// itself with a backoff; it never changes anything.

export interface IdleWatcherOptions {
  connect(): Promise<ImapFlow>;
  path: string;
  onChange(): void;
  /** How long one IDLE lasts before it is ended and sent again (default IDLE_RENEW_MS; tests shorten it). */
  renewMs?: number;
  /** Default: the process log. */
  log?: Logger;
}

const log = logger('imap');

/**
 * RFC 2177: a server may log out a client idle for 30 minutes, so a client
 * ends IDLE and sends it again at least every 29. Some servers and NAT boxes
 * drop a quiet connection sooner; 25 minutes leaves room for either.
 */
export const IDLE_RENEW_MS = 25 * 60_000;

/** After a server's "not now" the IDLE connection waits at least this long (its backoff tops out at a minute). */
const REFUSED_WAIT_MS = 5 * 60_000;

export class IdleWatcher {
  private readonly backoff = new Backoff();
  private client: ImapFlow | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: IdleWatcherOptions) {}

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.client?.close();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let refused = false;
      try {
        const client = await this.options.connect();
        this.client = client;
        client.on('error', () => undefined); // the same failure also ends connect() or idle() below
        for (const event of ['exists', 'expunge', 'flags'] as const) client.on(event, () => this.options.onChange());
        await client.connect();
        await client.mailboxOpen(this.options.path, { readOnly: true });
        // imapflow then ends each IDLE with DONE after this long and sends IDLE again, on the same connection.
        client.maxIdleTime = this.options.renewMs ?? IDLE_RENEW_MS;
        this.backoff.reset();
        // Whatever arrived before this connection was watching would never be
        // announced on it: have the folder checked once now.
        this.options.onChange();
        // idle() returns when the connection ends (or IDLE is broken by something else); renewals happen inside it.
        while (!this.stopped && client.usable) await client.idle();
      } catch (error) {
        // Reconnect below; after a server's "not now" (Microsoft's throttling) not before REFUSED_WAIT_MS.
        if (serverLimit(error)) refused = true;
        (this.options.log ?? log).debug({ folder: this.options.path, err: error }, 'the IDLE connection failed; reconnecting');
      } finally {
        this.client?.close();
        this.client = undefined;
      }
      if (this.stopped) return;
      await new Promise<void>((resolve) => {
        const backoff = this.backoff.next();
        this.timer = setTimeout(resolve, refused ? Math.max(REFUSED_WAIT_MS, backoff) : backoff);
      });
    }
  }
}

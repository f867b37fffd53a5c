import type { ImapFlow } from 'imapflow';
import { Backoff } from '../base/backoff';
import { type Logger, logger } from '../base/log';

// A second connection that sits in IDLE (RFC 2177) on one folder, usually the
// Inbox, and says when the server reports a change there. It reconnects by
// itself with a backoff; it never changes anything.

export interface IdleWatcherOptions {
  connect(): Promise<ImapFlow>;
  path: string;
  onChange(): void;
  /** Default: the process log. */
  log?: Logger;
}

const log = logger('imap');

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
      try {
        const client = await this.options.connect();
        this.client = client;
        client.on('error', () => undefined); // the same failure also ends connect() or idle() below
        for (const event of ['exists', 'expunge', 'flags'] as const) client.on(event, () => this.options.onChange());
        await client.connect();
        await client.mailboxOpen(this.options.path, { readOnly: true });
        this.backoff.reset();
        // Whatever arrived before this connection was watching would never be
        // announced on it: have the folder checked once now.
        this.options.onChange();
        // idle() returns when IDLE is broken (imapflow restarts it every maxIdleTime) or the connection ends.
        while (!this.stopped && client.usable) await client.idle();
      } catch (error) {
        // Reconnect below.
        (this.options.log ?? log).debug({ folder: this.options.path, err: error }, 'the IDLE connection failed; reconnecting');
      } finally {
        this.client?.close();
        this.client = undefined;
      }
      if (this.stopped) return;
      await new Promise<void>((resolve) => {
        this.timer = setTimeout(resolve, this.backoff.next());
      });
    }
  }
}

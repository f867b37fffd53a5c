import { Backoff } from '../base/backoff';
import { Wakeup } from '../base/wakeup';

// A connection of its own for downloading bodies in the background, so that
// they arrive while the worker connection is still reading headers of this or
// other folders: the initial sync then takes about as long as the longer of
// the two, not their sum (headers are parsed on the main thread, bodies in
// the body-store worker: two cores, both busy). It connects only while there
// is work (new headers wake it), never changes anything on the server
// (folders are EXAMINEd), and after a failure retries with a backoff; the
// worker connection is the one that reports the account's state.
// Bodies the user opens go through the worker connection, ahead of all.

/** What the downloader needs of a connection (imap/bulk-connection.ts). */
export interface DownloadConnection {
  connect(): Promise<void>;
  readonly usable: boolean;
  logout(): Promise<void>;
  close(): void;
}

export interface BodyDownloaderOptions<C extends DownloadConnection> {
  /** A new connection, not connected yet. */
  connect(): Promise<C>;
  /** Downloads every body still missing; resolves when none is left (throws when the connection fails). */
  download(client: C): Promise<void>;
  /** Whether any body is missing: without, it does not connect at all (a restart with everything downloaded). */
  hasWork(): boolean;
  /** How long to sleep when nobody wakes it (ms): it looks again after that. */
  idleMs: number;
  /** Told why a round failed (for the log): with the connection gone, or while it was still usable. */
  failed?(error: unknown, connectionLost: boolean): void;
  /** How long to wait after this failure, when it is a server's "not now" (ms); undefined: the usual backoff. */
  retryAfter?(error: unknown): number | undefined;
  /** A round downloaded everything it found, after a failure: any "paused" word can go. */
  resumed?(): void;
}

/** How long a connection stays after its work is done, for the next batch of headers to come. */
const LINGER_MS = 5_000;

export class BodyDownloader<C extends DownloadConnection> {
  private readonly backoff = new Backoff();
  private readonly wakeup = new Wakeup();
  private client: C | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;

  constructor(private readonly options: BodyDownloaderOptions<C>) {}

  start(): void {
    this.wakeup.wake(); // look once at start
    this.running ??= this.loop();
  }

  /** New headers were stored, or the account came back online: look now. */
  wake(): void {
    this.wakeup.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeup.wake();
    this.client?.close();
    await this.running;
  }

  private async loop(): Promise<void> {
    let retryMs = 0;
    /** Until when the server said "not now" (retryAfter): new headers and the like do not cut that wait short. */
    let holdUntil = 0;
    while (!this.stopped) {
      await this.wakeup.wait(retryMs || this.options.idleMs);
      if (this.stopped) return;
      if (Date.now() < holdUntil) {
        retryMs = holdUntil - Date.now();
        continue;
      }
      if (!this.options.hasWork()) {
        retryMs = 0;
        continue;
      }
      try {
        const client = await this.options.connect();
        this.client = client;
        await client.connect();
        this.backoff.reset();
        retryMs = 0;
        do {
          await this.options.download(client);
          this.options.resumed?.();
        } while (!this.stopped && client.usable && (await this.wakeup.wait(LINGER_MS)));
        await client.logout();
      } catch (error) {
        this.options.failed?.(error, !this.client?.usable);
        // A refused password does not get right by itself (and retrying may lock the account):
        // wait until the worker connection gets in again, which wakes this one.
        const refusedFor = this.options.retryAfter?.(error);
        if (refusedFor !== undefined) holdUntil = Date.now() + refusedFor;
        retryMs =
          refusedFor ?? ((error as { authenticationFailed?: boolean }).authenticationFailed ? this.options.idleMs : this.backoff.next());
      } finally {
        this.client?.close();
        this.client = undefined;
      }
    }
  }
}

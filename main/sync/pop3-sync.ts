import { type AccountStatus, DEFAULT_POP3_OPTIONS, type Pop3Options } from '../../shared/accounts';
import { missingPassword } from '../auth/credentials';
import { Backoff } from '../base/backoff';
import { type Logger, logger } from '../base/log';
import type { UiEvents } from '../base/ui-events';
import { Wakeup } from '../base/wakeup';
import { describeFailure } from '../net/connection-failure';
import { tlsOptionsFor } from '../net/tls-trust';
import type { CredentialSource } from '../pop3/credential';
import type { DownloadedBatch } from '../pop3/downloaded-message';
import { type DownloadResult, downloadNew } from '../pop3/downloader';
import { Pop3BusyError, Pop3Connection } from '../pop3/pop3-connection';
import type { StoredAccount } from '../store/accounts-repo';
import type { TrustedCertificate } from '../store/certificates-repo';
import type { FoldersRepo } from '../store/folders-repo';
import type { MessagesRepo } from '../store/messages-repo';
import type { Pop3UidlsRepo } from '../store/pop3-uidls-repo';
import { announceNewMail, MAX_ARRIVED } from './new-mail';

// Checks one POP3 account for new mail: at start, every N minutes (the
// account's option), and on "sync.now". Each check is one short session:
// connect, log in, download what is new (pop3/downloader.ts), delete what the
// options say, QUIT. POP3 has no push and servers dislike long sessions, so
// nothing stays connected between checks.

/** The store's own folders of a POP3 account (mailbox/local-folders.ts): the sync only makes sure the standard ones exist. */
export interface StandardLocalFolders {
  /** Creates the Inbox, Drafts, Sent and Trash that are missing; idempotent. */
  ensureStandard(accountId: string): void;
}

export interface Pop3SyncDeps {
  account: StoredAccount;
  credential: CredentialSource;
  trusted(host: string, port: number): TrustedCertificate[];
  folders: FoldersRepo;
  messages: MessagesRepo;
  uidls: Pop3UidlsRepo;
  storeDownloaded(batch: DownloadedBatch): Promise<number>;
  localFolders: StandardLocalFolders;
  events: UiEvents;
  reportStatus(status: AccountStatus): void;
  /** Tests pass a fake clock ("delete after N days") and a short interval. */
  now?: () => number;
  checkEveryMs?: number;
  /** Where it logs (the sync manager passes one with the account id); default: the process log. */
  log?: Logger;
}

const AUTH_RETRY_MS = 5 * 60_000;
/** After "[IN-USE]"/"[LOGIN-DELAY]": WEB.DE, for one, allows one login per 15 minutes. */
const BUSY_RETRY_MS = 15 * 60_000;

export class Pop3Sync {
  private readonly backoff = new Backoff();
  private readonly wakeup = new Wakeup();
  private stopped = false;
  private running: Promise<void> | undefined;
  private connection: Pop3Connection | undefined;
  /** Not before this time (ms), whatever pokes: the server's LOGIN-DELAY or a busy answer. */
  private notBefore = 0;
  private readonly log: Logger;

  constructor(private readonly deps: Pop3SyncDeps) {
    this.log = deps.log ?? logger('sync', { accountId: deps.account.id });
  }

  get accountId(): string {
    return this.deps.account.id;
  }

  private get options(): Pop3Options {
    return this.deps.account.options.pop3 ?? DEFAULT_POP3_OPTIONS;
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeup.wake();
    this.connection?.destroy();
    await this.running;
  }

  /** Check now ("sync.now"), unless the server asked us to wait. */
  poke(): void {
    this.wakeup.wake();
  }

  private async run(): Promise<void> {
    const intervalMs = this.deps.checkEveryMs ?? this.options.checkEveryMinutes * 60_000;
    while (!this.stopped) {
      const wait = this.notBefore - Date.now();
      if (wait > 0) {
        await this.wakeup.wait(wait);
        continue;
      }
      let retryMs = intervalMs;
      try {
        await this.check();
        this.backoff.reset();
      } catch (error) {
        if (this.stopped) break;
        retryMs = this.failed(error, intervalMs);
        this.log.warn({ err: error, retryMs }, 'checking for mail failed');
      }
      if (!this.stopped) await this.wakeup.wait(retryMs);
    }
  }

  /** One session: connect, log in, download, delete, QUIT. Throws what went wrong (the loop reports it). */
  async check(): Promise<DownloadResult> {
    const server = this.deps.account.incoming;
    const accountId = this.accountId;
    this.deps.localFolders.ensureStandard(accountId);
    const inbox = this.deps.folders.byRole(accountId, 'inbox');
    if (!inbox) throw new Error('The local Inbox is missing.');
    const credential = await this.deps.credential();
    if (credential === null) throw missingPassword();
    this.progress('download', 0, 0);
    // What is stored after this is new; on the account's very first check, it is all there was (no notifications).
    const firstCheck = !this.deps.uidls.any(accountId);
    const lastBefore = this.deps.messages.lastRowId(inbox.id);
    const connection = await Pop3Connection.connect({
      host: server.host,
      port: server.port,
      security: server.security,
      tls: tlsOptionsFor(server.host, this.deps.trusted(server.host, server.port)),
    });
    this.connection = connection;
    try {
      await connection.login(server.username, credential);
      const delay = connection.loginDelaySeconds();
      if (delay) this.notBefore = Date.now() + delay * 1000;
      this.deps.reportStatus({ state: 'connected' });
      const result = await downloadNew(connection, {
        accountId,
        inboxId: inbox.id,
        uidls: this.deps.uidls,
        store: this.deps.storeDownloaded,
        storeTooLarge: (...batch) => this.deps.messages.storeTooLarge(...batch),
        options: this.options,
        now: () => this.now(),
        stopped: () => this.stopped,
        onProgress: (done, total) => {
          this.progress('download', done, total);
          if (done > 0) this.deps.events.emit('store.changed', { accountId, folderIds: [inbox.id] });
        },
      });
      await connection.quit();
      if (!firstCheck && result.downloaded > 0) {
        const { count, newest } = this.deps.messages.unreadStoredAfter(inbox.id, lastBefore, MAX_ARRIVED);
        announceNewMail(this.deps.events, { accountId, folderId: inbox.id, newest, count });
      }
      // Up to date as of now: the sidebar says so, with the time.
      this.deps.reportStatus({ state: 'connected', checkedAt: new Date().toISOString() });
      return result;
    } finally {
      connection.destroy();
      this.connection = undefined;
      this.progress('idle', 0, 0);
    }
  }

  /** Reports a failed check; returns how long to wait before the next one. */
  private failed(error: unknown, intervalMs: number): number {
    const server = this.deps.account.incoming;
    const failure = describeFailure(error, { host: server.host, port: server.port, label: 'POP3' });
    if (error instanceof Pop3BusyError) {
      const waitMs = Math.max(intervalMs, BUSY_RETRY_MS);
      this.notBefore = Date.now() + waitMs;
      this.deps.reportStatus({
        state: 'offline',
        code: failure.code,
        message: `Offline — showing saved mail. ${failure.message} Checking again in ${Math.round(waitMs / 60_000)} minutes.`,
      });
      return waitMs;
    }
    const offline = failure.code === 'connect_failed' || failure.code === 'timeout';
    this.deps.reportStatus(
      offline
        ? { state: 'offline', code: failure.code, message: `Offline — showing saved mail. ${failure.message}` }
        : { state: 'error', code: failure.code, message: failure.message },
    );
    // A wrong password will not get right by itself: do not hammer the server (and lock the account).
    if (failure.code === 'auth_failed' || failure.code === 'password_missing' || failure.code === 'certificate_untrusted')
      return AUTH_RETRY_MS;
    return Math.min(intervalMs, this.backoff.next());
  }

  private progress(phase: 'download' | 'idle', done: number, total: number): void {
    this.deps.events.emit('sync.progress', { accountId: this.accountId, folderId: null, phase, done, total });
  }
}

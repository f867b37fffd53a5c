import type { ImapFlow } from 'imapflow';
import type { AccountStatus } from '../../shared/accounts';
import { ApiError } from '../../shared/errors';
import type { Folder, MessageSummary } from '../../shared/mail';
import { type CredentialSource, type Credentials, loginWith, missingPassword } from '../auth/credentials';
import { Backoff } from '../base/backoff';
import type { BodyArena } from '../base/body-arena';
import { DISK_FULL_MESSAGE, DISK_FULL_RETRY_MS, isDiskFull } from '../base/disk-full';
import { type Logger, logger } from '../base/log';
import type { UiEvents } from '../base/ui-events';
import { Wakeup } from '../base/wakeup';
import type { AppendDeps } from '../imap/append-ops';
import { bulkConnectionReader, fetchAndStore, fetchMissingBodies, imapflowReader } from '../imap/body-fetch';
import { BulkConnection } from '../imap/bulk-connection';
import { imapOptions } from '../imap/connection-options';
import { listFolders } from '../imap/folder-list';
import { listStatuses } from '../imap/folder-status';
import { type FolderSyncDeps, type HeaderFetcher, syncFolder } from '../imap/folder-sync';
import { GMAIL_CAPABILITY, gmailSyncOrder } from '../imap/gmail-labels';
import { IdleWatcher } from '../imap/idle-watcher';
import { ConnectionLost, replayQueuedOps } from '../imap/op-replay';
import { searchOnServer } from '../imap/server-search';
import { describeFailure, isAuthFailure, serverLimit, serverRefusal } from '../net/connection-failure';
import { tlsOptionsFor } from '../net/tls-trust';
import type { ImapFlavor, StoredAccount } from '../store/accounts-repo';
import type { TrustedCertificate } from '../store/certificates-repo';
import type { FoldersRepo } from '../store/folders-repo';
import type { MessagesRepo } from '../store/messages-repo';
import type { OpsRepo } from '../store/ops-repo';
import type { BodyCounts } from '../store/sync-counts';
import { BodyDownloader } from './body-downloader';
import { announceNewMail, MAX_ARRIVED } from './new-mail';
import { planPass } from './pass-plan';
import { ServerBusyWait } from './server-busy-wait';
import { changedByStatus, StatusRounds, type WatchedFolder } from './status-watch';
import { SyncProgress } from './sync-progress';

// Keeps one IMAP account's store in step with its server. One "worker"
// connection does everything that changes or reads the folders in order
// (folder list, queued actions, folder syncs, bodies the user opens); a
// second one downloads the other bodies in the background (body-downloader.ts),
// a third IDLEs on the Inbox so new mail shows within seconds. imapflow does
// not reconnect: when a connection dies, a new one is made after a backoff,
// and sync resumes from what the store already has.

export interface AccountSyncOptions {
  /** Extensions sync may use; tests switch them off to exercise the fallbacks. */
  extensions?: { condstore: boolean; qresync: boolean };
  /** Download bodies of the last N days only; null = all (the default). */
  bodyDays?: number | null;
  /** How often every folder is synced in full (ms). */
  pollMs?: number;
  /** How often the other folders are asked STATUS between full passes (ms; status-watch.ts). */
  statusMs?: number;
  /** Whether to keep an IDLE connection on the Inbox. */
  idle?: boolean;
  /**
   * IMAP connections held at once (a provider's cap: Gmail's is shared by all
   * of a user's clients). The sync uses up to FULL_CONNECTIONS: the worker,
   * the body download, IDLE on the Inbox, and a lean connection for a large
   * first sync's headers. With three, the lean connection is used only
   * before IDLE starts (the first pass); with fewer, the worker reads those
   * headers itself, and the Inbox is polled instead of watched.
   */
  maxConnections?: number;
  /**
   * How long a connection may stay silent while an answer is due before it is
   * dropped and made again (default IMAP_LIMITS.socketTimeout, 2 minutes);
   * the fault tests shorten it to show a stalled server is noticed.
   */
  socketTimeoutMs?: number;
}

/** Worker, body download, IDLE and the lean header connection of a first sync. */
export const FULL_CONNECTIONS = 4;

export interface AccountSyncDeps {
  account: StoredAccount;
  /** The account's password or OAuth2 access token (main/auth/account-credentials.ts). */
  credentials: CredentialSource;
  trusted(host: string, port: number): TrustedCertificate[];
  folders: FoldersRepo;
  messages: MessagesRepo;
  ops: OpsRepo;
  events: UiEvents;
  storeBodies(bodies: readonly { id: number; raw: Buffer }[]): Promise<number>;
  /** Memory shared with the body-store worker for downloads in flight (body-arena.ts). */
  bodyArena?: BodyArena;
  reportStatus(status: AccountStatus): void;
  /** The account's folder list changed (other services wait for a Sent folder, say). */
  foldersChanged(): void;
  options?: AccountSyncOptions;
  /** The current version of a draft as a message, for the server's Drafts folder (main/compose). */
  draftCopy?: AppendDeps['draftCopy'];
  /** Where it logs (the sync manager passes one with the account id); default: the process log. */
  log?: Logger;
  /** What the server turned out to be, seen at each login (X-GM-EXT-1: Gmail); answers the account as stored now. */
  flavorFound?(flavor: ImapFlavor | null): StoredAccount;
  /** The provider's cap on IMAP connections for the account as it is now, if any (accounts/provider-facts.ts). */
  connectionBudget?(account: StoredAccount): number | undefined;
  /** The account's stored messages and missing bodies since a date, for the overall figure (store/sync-counts.ts). */
  bodyCounts?(accountId: string, notBefore: number): BodyCounts;
}

const AUTH_RETRY_MS = 5 * 60_000;
/** A server that refuses for now (Gmail's connection and download limits) is asked again after this long, not in a loop; a passing refusal (Microsoft's throttling) sooner, see server-busy-wait.ts. */
export const SERVER_BUSY_RETRY_MS = 15 * 60_000;

/** Work the user is waiting for, run on the worker connection before anything else. */
interface UrgentTask {
  run(client: ImapFlow): Promise<void>;
  /** The connection went away before the task ran. */
  cancel(): void;
}

export class AccountSync {
  private readonly backoff = new Backoff();
  /** After a server's "not now"; unlike `backoff`, a successful login does not reset it (Outlook throttles after the login). */
  private readonly busyWait = new ServerBusyWait(SERVER_BUSY_RETRY_MS);
  private readonly wakeup = new Wakeup();
  private readonly urgent: UrgentTask[] = [];
  private readonly dirtyFolders = new Set<number>();
  private idle: IdleWatcher | undefined;
  private readonly statusRounds = new StatusRounds();
  private readonly bodies = new BodyDownloader({
    connect: () => this.newBulkConnection(),
    download: (client) => this.fetchBodies(client),
    hasWork: () => this.deps.messages.withoutBody(this.accountId, 1, this.bodiesNotBefore()).length > 0,
    idleMs: 10 * 60_000,
    // The figure stays as it was: the download goes on after its backoff (a server's "not now" is in the status).
    failed: (error, connectionLost) =>
      connectionLost
        ? this.log.debug({ err: error }, 'the body download connection failed; retrying')
        : this.log.warn({ err: error }, 'downloading bodies failed; retrying'),
    retryAfter: (error) => this.downloadsRefused(error),
    resumed: () => this.downloadsResumed(),
  });
  /** The account as stored (what its server turned out to be changes it). */
  private account: StoredAccount;
  /** Whether the server is Gmail (X-GM-EXT-1), as its last login said. */
  private gmail: boolean;
  /** Set while the server refuses downloads for now (Gmail's daily limit): the status says until when. */
  private downloadsPausedUntil: number | undefined;
  /** The pause above is for a full disk of ours (not the server's limit). */
  private diskFull = false;
  private client: ImapFlow | undefined;
  /** The lean connection for a first sync's headers (folder-sync.ts), while a pass needs it. */
  private headerConnection: BulkConnection | undefined;
  private headerConnecting: Promise<void> | undefined;
  private stopped = false;
  /** A connection is being made: urgent work waits for it instead of failing. */
  private connecting = false;
  private running: Promise<void> | undefined;
  private connected = false;
  private readonly log: Logger;
  /** When a pass last ended with the bodies downloaded too (the status's "Up to date"); unset after a failed connection. */
  private checkedAt: string | undefined;
  /** What the sidebar shows of this account's sync: one overall figure, and idle when both connections are done. */
  private readonly syncProgress: SyncProgress;

  constructor(private readonly deps: AccountSyncDeps) {
    this.log = deps.log ?? logger('sync', { accountId: deps.account.id });
    const bodyCounts = deps.bodyCounts;
    this.syncProgress = new SyncProgress({
      accountId: deps.account.id,
      emit: (progress) => deps.events.emit('sync.progress', progress),
      ...(bodyCounts ? { counts: () => bodyCounts(deps.account.id, this.bodiesNotBefore()) } : {}),
      upToDate: () => {
        if (!this.connected) return;
        this.checkedAt = new Date().toISOString();
        this.deps.reportStatus(this.connectedStatus());
      },
    });
    this.account = deps.account;
    this.gmail = deps.account.imapFlavor === 'gmail';
  }

  get accountId(): string {
    return this.deps.account.id;
  }

  start(): void {
    this.running ??= this.run();
    this.bodies.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeup.wake();
    this.idle?.stop();
    this.client?.close();
    this.headerConnection?.close();
    for (const task of this.urgent.splice(0)) task.cancel();
    await Promise.all([this.running, this.bodies.stop()]);
  }

  /** Sync now: after a user action, on "sync.now", or when IDLE saw a change. */
  poke(folderIds: number[] = []): void {
    for (const id of folderIds) this.dirtyFolders.add(id);
    this.wakeup.wake();
  }

  /**
   * Fetches one message's body ahead of everything else (the user opened it).
   * Resolves false at once when the server cannot be reached now.
   */
  fetchBodyNow(messageId: number): Promise<boolean> {
    return this.runUrgent((client) => this.fetchOneBody(client, messageId)).catch((error: unknown) => {
      this.log.debug({ messageId, err: error }, 'could not fetch a body now');
      return false;
    });
  }

  /**
   * Runs `work` on the worker connection as soon as it is free (between two
   * batches or two folders of sync); while the connection is being made, it
   * waits for it. Rejects with an ApiError when the server cannot be reached
   * now: what needs the server (creating a folder, ...) says so.
   */
  runUrgent<T>(work: (client: ImapFlow) => Promise<T>): Promise<T> {
    if (!this.connected && !this.connecting) return Promise.reject(offlineError());
    return new Promise<T>((resolve, reject) => {
      this.urgent.push({
        run: (client) =>
          work(client).then(resolve, (error: unknown) => {
            reject(error);
            if (!client.usable) throw error;
          }),
        cancel: () => reject(offlineError()),
      });
      this.wakeup.wake();
    });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let retryMs = 0;
      try {
        this.connecting = true;
        const client = await this.connect().finally(() => {
          this.connecting = false;
        });
        this.backoff.reset();
        this.noteFlavor(client);
        this.connected = true;
        this.deps.reportStatus(this.connectedStatus());
        this.bodies.wake(); // back online: it need not wait for its own backoff
        await this.fullPass(client);
        this.busyWait.reset();
        this.startIdle();
        await this.stayInSync(client);
      } catch (error) {
        const wasConnected = this.connected;
        this.connected = false;
        if (this.stopped) break;
        this.syncProgress.connectionLost();
        this.checkedAt = undefined;
        const failure = describeFailure(error, {
          host: this.deps.account.incoming.host,
          port: this.deps.account.incoming.port,
          label: 'IMAP',
        });
        const busy = failure.code === 'server_busy';
        // A connection that was up and is gone now (a socket timeout on a stalled server, a BYE, a reset)
        // was lost, whatever words its last command failed with ("Connection not available" was an error).
        const lost = error instanceof ConnectionLost || (!busy && wasConnected && this.client !== undefined && !this.client.usable);
        const offline = lost || failure.code === 'connect_failed' || failure.code === 'timeout' || busy;
        const busyMs = busy ? this.busyWait.next(error) : 0;
        const why = lost
          ? `The connection to the IMAP server ${this.deps.account.incoming.host}:${this.deps.account.incoming.port} was lost; retrying.`
          : busy
            ? `${failure.message} Trying again at ${clockTime(Date.now() + busyMs)}.`
            : failure.message;
        this.deps.reportStatus(
          offline
            ? { state: 'offline', code: lost ? 'connect_failed' : failure.code, message: `Offline — showing saved mail. ${why}` }
            : { state: 'error', code: failure.code, message: failure.message },
        );
        // A wrong password will not get right by itself: do not hammer the server (and lock the account).
        retryMs = busy
          ? busyMs
          : ['auth_failed', 'password_missing', 'certificate_untrusted', 'sign_in_required', 'oauth_host_refused'].includes(failure.code)
            ? AUTH_RETRY_MS
            : this.backoff.next();
        this.log[offline ? 'info' : 'warn']({ err: error, code: failure.code, retryMs }, 'the sync connection failed');
      } finally {
        this.connected = false;
        this.client?.close();
        this.client = undefined;
        for (const task of this.urgent.splice(0)) task.cancel();
      }
      if (!this.stopped && retryMs) await this.wakeup.wait(retryMs);
    }
  }

  /**
   * A new, not yet connected client for this account's server (each connection
   * of the account makes its own), signed in with the password or a current
   * OAuth2 access token.
   */
  private async newClient(given?: Credentials, extra: { qresync?: boolean } = {}): Promise<ImapFlow> {
    const credentials = given ?? (await this.deps.credentials.get());
    if (credentials === null) throw missingPassword();
    const { ImapFlow } = await import('imapflow');
    const server = this.deps.account.incoming;
    const socketTimeout = this.deps.options?.socketTimeoutMs;
    return new ImapFlow({
      ...imapOptions(server, credentials, this.deps.trusted(server.host, server.port)),
      ...(socketTimeout ? { socketTimeout } : {}),
      ...extra,
    });
  }

  /** A lean bulk connection (bodies, or a first sync's headers), not connected yet, signed in like the others. */
  private async newBulkConnection(): Promise<BulkConnection> {
    const credentials = await this.deps.credentials.get();
    if (credentials === null) throw missingPassword();
    const server = this.deps.account.incoming;
    const socketTimeout = this.deps.options?.socketTimeoutMs;
    return new BulkConnection({
      server,
      credentials,
      tls: tlsOptionsFor(server.host, this.deps.trusted(server.host, server.port)),
      ...(socketTimeout ? { limits: { socketTimeout } } : {}),
    });
  }

  /** Logs in; a refused OAuth2 access token is retried once with a fresh one. */
  private connect(): Promise<ImapFlow> {
    // A server's limit is no reason to fetch a fresh token and log in once more.
    return loginWith(
      this.deps.credentials,
      (credentials) => this.open(credentials),
      (error) => isAuthFailure(error) && !serverLimit(error),
    );
  }

  private async open(credentials: Credentials): Promise<ImapFlow> {
    const client = await this.newClient(credentials, { qresync: true });
    client.on('error', () => undefined); // failures surface through the promises below and 'close'
    // A connection that drops while the loop waits for changes wakes it. Only then: a
    // login that failed closes its client too, and that wake would cut the wait
    // before the retry short (a refused password was tried again in a tight loop).
    client.on('close', () => {
      if (this.connected && this.client === client) this.wakeup.wake();
    });
    this.client = client;
    try {
      await client.connect();
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
  }

  /** Gmail or not, as the server just said; the store keeps it (the Sent copy and the connection budget depend on it). */
  private noteFlavor(client: ImapFlow): void {
    this.gmail = client.capabilities.has(GMAIL_CAPABILITY);
    const flavor = this.gmail ? 'gmail' : null;
    if ((this.account.imapFlavor ?? null) !== flavor && this.deps.flavorFound) this.account = this.deps.flavorFound(flavor);
  }

  /** The first pass after connecting: folders, queued actions, every folder (bodies follow on their own connection). */
  private async fullPass(client: ImapFlow): Promise<void> {
    await this.refreshFolderList(client);
    await this.replayOps(client);
    try {
      const folders = await this.foldersToSync(client);
      for (const folder of this.gmail ? gmailSyncOrder(folders) : folders) {
        await this.serveUrgent(client);
        await this.syncOne(client, folder.id);
      }
    } finally {
      await this.closeHeaderConnection();
    }
  }

  /**
   * The lean connection for the headers of a first sync (folder-sync.ts), with
   * `path` open under `uidvalidity`; made when first asked for, kept for the
   * rest of the pass. Undefined when the folder's UIDVALIDITY there differs.
   */
  private async bulkHeaders(path: string, uidvalidity: number): Promise<HeaderFetcher | undefined> {
    // A paused first sync may come back while the connection it asked for is still logging in.
    await this.headerConnecting?.catch(() => undefined); // its failure went to (and was logged by) the pass that made it
    let connection = this.headerConnection;
    if (!connection?.usable) {
      connection?.close();
      connection = await this.newBulkConnection();
      this.headerConnection = connection;
      this.headerConnecting = connection.connect();
      await this.headerConnecting;
    }
    const opened = connection.selected?.path === path ? connection.selected.uidValidity : await connection.examine(path);
    if (opened !== uidvalidity) return undefined;
    const bulk = connection;
    return (sequenceSet) => bulk.fetchHeaders(sequenceSet);
  }

  private async closeHeaderConnection(): Promise<void> {
    const connection = this.headerConnection;
    this.headerConnection = undefined;
    this.headerConnecting = undefined;
    await connection?.logout();
  }

  /** Reads the folder tree from the server; folders created or deleted elsewhere appear or go. */
  private async refreshFolderList(client: ImapFlow): Promise<void> {
    const accountId = this.accountId;
    this.syncProgress.folders();
    const folders = await listFolders(client);
    if (this.deps.folders.replaceAll(accountId, folders)) {
      this.deps.events.emit('store.changed', { accountId, folderIds: [], folders: true });
      this.deps.foldersChanged();
    }
  }

  /**
   * The folders a full pass SELECTs and syncs, in the tree's order: with
   * LIST-STATUS, those whose STATUS says they changed (pass-plan.ts; the
   * empty folders of a first sync are stored as synced on the way, in one
   * transaction); without it, every selectable folder.
   */
  private async foldersToSync(client: ImapFlow): Promise<Folder[]> {
    const folders = this.deps.folders.listWithSyncState(this.accountId);
    const modseq = (this.deps.options?.extensions?.condstore ?? true) && client.enabled.has('CONDSTORE');
    const statuses = await listStatuses(client, { modseq }).catch((error: unknown) => {
      if (!client.usable) throw error;
      this.log.warn({ err: error }, 'LIST-STATUS failed; every folder is selected');
      return undefined;
    });
    // The selected folder's STATUS may lag behind (RFC 3501 6.3.10 discourages asking it): it is synced.
    if (client.mailbox) statuses?.delete(client.mailbox.path);
    const plan = planPass(folders, statuses);
    this.deps.folders.setSyncStates(plan.firstSyncedEmpty);
    const wanted = new Set(plan.sync);
    return folders.filter((folder) => wanted.has(folder.id));
  }

  /** Waits for changes (IDLE, user actions, the poll timer) and follows them, until the connection ends. */
  private async stayInSync(client: ImapFlow): Promise<void> {
    const pollMs = this.deps.options?.pollMs ?? 2 * 60_000;
    const statusMs = Math.min(pollMs, this.deps.options?.statusMs ?? 30_000);
    let lastPoll = Date.now();
    let lastStatus = Date.now();
    while (!this.stopped) {
      if (!client.usable) throw new ConnectionLost('The connection to the server was lost.');
      await this.serveUrgent(client);
      await this.replayOps(client);
      const due = Date.now() - lastPoll >= pollMs;
      if (due) await this.refreshFolderList(client);
      else if (Date.now() - lastStatus >= statusMs) {
        lastStatus = Date.now();
        for (const id of await changedByStatus(client, this.statusRounds.next(this.watchedByStatus()))) this.dirtyFolders.add(id);
      }
      const folderIds = due
        ? [...new Set([...(await this.foldersToSync(client)).map((f) => f.id), ...this.dirtyFolders])]
        : [...this.dirtyFolders];
      this.dirtyFolders.clear();
      if (due) lastPoll = Date.now();
      try {
        for (const id of folderIds) await this.syncOne(client, id);
      } finally {
        await this.closeHeaderConnection();
      }
      this.syncProgress.workerIdle();
      if (this.dirtyFolders.size === 0 && this.urgent.length === 0 && this.deps.ops.count(this.accountId) === 0) {
        const now = Date.now();
        await this.wakeup.wait(Math.max(1_000, Math.min(pollMs - (now - lastPoll), statusMs - (now - lastStatus))));
      }
    }
  }

  /** The folders the STATUS rounds ask about: every synced one but the Inbox while IDLE watches it. */
  private watchedByStatus(): WatchedFolder[] {
    return this.deps.folders
      .listWithSyncState(this.accountId)
      .filter((f) => f.selectable && !(f.role === 'inbox' && this.idle))
      .map((f) => ({ id: f.id, path: f.path, uidnext: f.uidnext, highestmodseq: f.highestmodseq, total: f.total }));
  }

  private async syncOne(client: ImapFlow, folderId: number): Promise<void> {
    // Each round stores at least one batch, so the rounds are bounded by the folder's size.
    for (;;) {
      let result: Awaited<ReturnType<typeof syncFolder>>;
      try {
        result = await syncFolder(client, folderId, this.folderSyncDeps());
      } catch (error) {
        // Microsoft's throttling ("User is authenticated but not connected.") is about the account, not this
        // folder: the pass ends and is waited out. (A download limit on one fetch is not: the pass goes on.)
        if (!client.usable || serverRefusal(error)?.wait === 'short') throw error;
        // The connection is fine, so the server refused this folder: it was most
        // likely deleted or renamed elsewhere. Re-read the tree instead of failing.
        this.log.warn({ folderId, folder: this.deps.folders.get(folderId)?.path, err: error }, 'the server refused to sync a folder');
        await this.refreshFolderList(client);
        return;
      }
      if (result.added || result.changed || result.removed) {
        this.deps.events.emit('store.changed', { accountId: this.accountId, folderIds: [folderId] });
      }
      if (!result.paused) return;
      // The folder's lock is released: what the user waits for goes first.
      await this.serveUrgent(client);
      if (this.stopped) return;
    }
  }

  /** New unread mail in the Inbox (not Junk, not a first sync): the UI may tell the user (mail.arrived). */
  private newMail(folderId: number, uids: number[]): void {
    if (this.deps.folders.get(folderId)?.role !== 'inbox') return;
    const newest = this.deps.messages.byUids(folderId, uids.slice(-MAX_ARRIVED)).filter((m) => !m.seen);
    // Beyond the last MAX_ARRIVED, read or unread is not looked up: they count as new.
    const count = newest.length + Math.max(0, uids.length - MAX_ARRIVED);
    announceNewMail(this.deps.events, { accountId: this.accountId, folderId, newest, count });
  }

  private folderSyncDeps(): FolderSyncDeps {
    return {
      folders: this.deps.folders,
      messages: this.deps.messages,
      extensions: this.deps.options?.extensions ?? { condstore: true, qresync: true },
      gmail: this.gmail,
      onBatch: (folderId, done, total) => {
        this.syncProgress.headers(folderId, done, total);
        this.deps.events.emit('store.changed', { accountId: this.accountId, folderIds: [folderId] });
        this.bodies.wake(); // their bodies can come now
      },
      shouldPause: () => this.urgent.length > 0 || this.stopped,
      onNewMail: (folderId, uids) => this.newMail(folderId, uids),
      // The lean header connection is the one connection a capped account does without, except
      // while IDLE has not taken its place yet: in the first pass (a budget of three, Gmail's: the
      // worker, the body download, and the lean one; IDLE starts once the pass, and the lean one, end).
      ...(this.connectionBudget() >= (this.idle ? FULL_CONNECTIONS : FULL_CONNECTIONS - 1)
        ? { bulkHeaders: (path: string, uidvalidity: number) => this.bulkHeaders(path, uidvalidity) }
        : {}),
    };
  }

  private connectionBudget(): number {
    return this.deps.options?.maxConnections ?? this.deps.connectionBudget?.(this.account) ?? FULL_CONNECTIONS;
  }

  /**
   * The body download failed. A server's "not now" (Gmail's daily download
   * limit, [OVERQUOTA]) is waited out, not retried in a loop: the status
   * says until when, and headers, flags and new mail keep coming meanwhile.
   */
  private downloadsRefused(error: unknown): number | undefined {
    // Our disk, not the server: said as such, and tried again soon (the user frees space).
    if (isDiskFull(error)) {
      this.diskFull = true;
      this.downloadsPausedUntil = Date.now() + DISK_FULL_RETRY_MS;
      if (this.connected) this.deps.reportStatus(this.connectedStatus());
      return DISK_FULL_RETRY_MS;
    }
    if (!serverLimit(error)) return undefined;
    this.downloadsPausedUntil = Date.now() + SERVER_BUSY_RETRY_MS;
    if (this.connected) this.deps.reportStatus(this.connectedStatus());
    return SERVER_BUSY_RETRY_MS;
  }

  private downloadsResumed(): void {
    if (this.downloadsPausedUntil === undefined) return;
    this.downloadsPausedUntil = undefined;
    this.diskFull = false;
    if (this.connected) this.deps.reportStatus(this.connectedStatus());
  }

  /** 'connected', with a word on downloads while the server holds them back. */
  private connectedStatus(): AccountStatus {
    const checked = this.checkedAt ? { checkedAt: this.checkedAt } : {};
    if (this.downloadsPausedUntil === undefined) return { state: 'connected', ...checked };
    if (this.diskFull) return { state: 'connected', ...checked, code: 'disk_full', message: DISK_FULL_MESSAGE };
    const who = this.gmail ? 'Gmail limits downloads' : 'The server limits downloads';
    return {
      state: 'connected',
      ...checked,
      code: 'server_busy',
      message: `${who}: continuing at ${clockTime(this.downloadsPausedUntil)}. New mail still arrives.`,
    };
  }

  /** Bodies of messages older than this (ms since epoch) stay on the server: the "last N days" option. */
  private bodiesNotBefore(): number {
    const days = this.deps.options?.bodyDays ?? null;
    return days === null ? 0 : Date.now() - days * 86_400_000;
  }

  /** The body downloader's work: every missing body, newest first, on its own connection. */
  private async fetchBodies(connection: BulkConnection): Promise<void> {
    let before = 0; // onStored's count is the round's so far
    await fetchMissingBodies(bulkConnectionReader(connection), this.accountId, {
      folders: this.deps.folders,
      messages: this.deps.messages,
      storeBodies: this.deps.storeBodies,
      notBefore: this.bodiesNotBefore(),
      ...(this.deps.bodyArena ? { arena: this.deps.bodyArena } : {}),
      onStored: (folderIds, done) => {
        this.syncProgress.bodiesStored(folderIds[0] ?? null, done - before);
        before = done;
        this.deps.events.emit('store.changed', { accountId: this.accountId, folderIds });
      },
      yieldPoint: async () => (this.stopped ? Promise.reject(new Error('stopped')) : undefined),
    });
    // Nothing left to download: the account is up to date once the worker waits too.
    this.syncProgress.bodiesDone();
  }

  private async replayOps(client: ImapFlow): Promise<void> {
    await replayQueuedOps(client, this.accountId, {
      ops: this.deps.ops,
      folders: this.deps.folders,
      messages: this.deps.messages,
      ...(this.deps.draftCopy ? { draftCopy: this.deps.draftCopy } : {}),
      notice: (message) => this.deps.events.emit('notice', { accountId: this.accountId, message }),
      resync: (folderIds) => {
        for (const id of folderIds) {
          // Forget the folder's state: the next sync reads it whole from the server.
          this.deps.folders.setSyncState(id, { uidvalidity: -1, uidnext: null, highestmodseq: null });
          this.dirtyFolders.add(id);
        }
      },
    });
  }

  /** Work the user is waiting for, before anything else. */
  private async serveUrgent(client: ImapFlow): Promise<void> {
    while (this.urgent.length > 0) await (this.urgent.shift() as UrgentTask).run(client);
  }

  private async fetchOneBody(client: ImapFlow, messageId: number): Promise<boolean> {
    const row = this.deps.messages.get(messageId);
    if (!row || row.uid === null) return false;
    if (row.body_state !== 0) return true;
    const stored = await fetchAndStore(imapflowReader(client), row.folder_id, [{ id: row.id, uid: row.uid }], {
      folders: this.deps.folders,
      messages: this.deps.messages,
      storeBodies: this.deps.storeBodies,
      notBefore: 0,
      onStored: () => undefined,
      yieldPoint: async () => undefined,
    });
    if (stored > 0) this.deps.events.emit('store.changed', { accountId: this.accountId, folderIds: [row.folder_id] });
    return stored > 0;
  }

  /** "Search on server" in one folder (imap/server-search.ts); rejects when the server cannot be reached now. */
  searchServer(folder: Parameters<typeof searchOnServer>[1], query: string, limit: number): Promise<MessageSummary[]> {
    return this.runUrgent((client) => searchOnServer(client, folder, query, limit, { messages: this.deps.messages, gmail: this.gmail }));
  }

  /** Creates, renames or deletes a folder on the server, then re-reads the tree. */
  changeFolder(change: (client: ImapFlow) => Promise<unknown>): Promise<void> {
    return this.runUrgent(async (client) => {
      await change(client);
      await this.refreshFolderList(client);
    });
  }

  private startIdle(): void {
    // Worker, bodies and IDLE: without room for a third connection the poll timer watches the Inbox too.
    if (this.idle || this.deps.options?.idle === false || this.connectionBudget() < 3) return;
    const inbox = this.deps.folders.byRole(this.accountId, 'inbox');
    if (!inbox) return;
    this.idle = new IdleWatcher({
      connect: () => this.newClient(),
      path: inbox.path,
      onChange: () => this.poke([inbox.id]),
      log: this.log,
    });
    this.idle.start();
  }
}

function offlineError(): ApiError {
  return new ApiError('connect_failed', 'The server cannot be reached right now; try again when the account is back online.');
}

/** "14:05": when something happens today or tomorrow, in the machine's local time. */
function clockTime(ms: number): string {
  const at = new Date(ms);
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

import type { ImapFlow } from 'imapflow';
import { DEFAULT_IMAP_OPTIONS } from '../../shared/accounts';
import { ApiError } from '../../shared/errors';
import type { MessageSummary } from '../../shared/mail';
import type { CredentialSource } from '../auth/credentials';
import type { BodyArena } from '../base/body-arena';
import { type Logger, logger } from '../base/log';
import type { ServiceEvents } from '../base/service-events';
import type { UiEvents } from '../base/ui-events';
import type { DownloadedBatch } from '../pop3/downloaded-message';
import type { AccountsRepo, StoredAccount } from '../store/accounts-repo';
import type { CertificatesRepo } from '../store/certificates-repo';
import type { FoldersRepo } from '../store/folders-repo';
import type { MessagesRepo } from '../store/messages-repo';
import type { OpsRepo } from '../store/ops-repo';
import type { Pop3UidlsRepo } from '../store/pop3-uidls-repo';
import type { BodyCounts } from '../store/sync-counts';
import { AccountSync, type AccountSyncDeps, type AccountSyncOptions } from './account-sync';
import { Pop3Sync, type StandardLocalFolders } from './pop3-sync';

// One AccountSync per IMAP account, one Pop3Sync per POP3 account: started
// when the core starts or an account is added, stopped when it is removed or
// the core stops.

export interface SyncManagerDeps {
  accounts: AccountsRepo;
  folders: FoldersRepo;
  messages: MessagesRepo;
  ops: OpsRepo;
  certificates: CertificatesRepo;
  /** How an account signs in (password or OAuth2): main/auth/account-credentials.ts. */
  credentials(account: StoredAccount): CredentialSource;
  events: UiEvents;
  storeBodies(bodies: readonly { id: number; raw: Buffer }[]): Promise<number>;
  /** Memory shared with the body-store worker for downloads in flight (body-arena.ts). */
  bodyArena?: BodyArena;
  /** Where syncs tell the other services about connection states ('sync.status') and folder lists ('folders.changed'). */
  signals: ServiceEvents;
  options?: AccountSyncOptions;
  uidls: Pop3UidlsRepo;
  /** Parses and stores what a POP3 session downloaded (in the body-store worker when there is one). */
  storeDownloaded(batch: DownloadedBatch): Promise<number>;
  localFolders: StandardLocalFolders;
  /** How often POP3 accounts check, overriding their option (tests). */
  pop3CheckEveryMs?: number;
  draftCopy?: AccountSyncDeps['draftCopy'];
  /** The provider's cap on IMAP connections for an account, if it has one (accounts/provider-facts.ts). */
  connectionBudget?(account: StoredAccount): number | undefined;
  /** An account's stored messages and missing bodies, for the sidebar's overall figure (store/sync-counts.ts). */
  bodyCounts?(accountId: string, notBefore: number): BodyCounts;
  /** Where the syncs log, each with its account id (core/core.ts passes the core's); default: the process log. */
  log?: Logger;
}

export class SyncManager {
  private readonly syncs = new Map<string, AccountSync>();
  private readonly pop3 = new Map<string, Pop3Sync>();

  constructor(private readonly deps: SyncManagerDeps) {}

  startAll(): void {
    for (const account of this.deps.accounts.list()) this.start(account);
  }

  start(account: StoredAccount): void {
    if (account.incoming.protocol === 'pop3') {
      this.startPop3(account);
      return;
    }
    if (this.syncs.has(account.id)) return;
    const sync = new AccountSync({
      account,
      credentials: this.deps.credentials(account),
      trusted: (host, port) => this.deps.certificates.forServer(host, port),
      folders: this.deps.folders,
      messages: this.deps.messages,
      ops: this.deps.ops,
      events: this.deps.events,
      storeBodies: this.deps.storeBodies,
      ...(this.deps.bodyArena ? { bodyArena: this.deps.bodyArena } : {}),
      reportStatus: (status) => this.deps.signals.notify('sync.status', { accountId: account.id, status }),
      foldersChanged: () => this.deps.signals.notify('folders.changed', { accountId: account.id }),
      ...(this.deps.draftCopy ? { draftCopy: this.deps.draftCopy } : {}),
      log: this.logOf(account),
      flavorFound: (flavor) => {
        // The UI shows a Gmail account differently (labels, Archive): it re-reads the account.
        if (this.deps.accounts.setImapFlavor(account.id, flavor)) this.deps.events.emit('accounts.changed', { accountIds: [account.id] });
        return this.deps.accounts.get(account.id) ?? account;
      },
      ...(this.deps.connectionBudget ? { connectionBudget: this.deps.connectionBudget } : {}),
      ...(this.deps.bodyCounts ? { bodyCounts: this.deps.bodyCounts } : {}),
      // The account's own choices over the defaults of this run (tests pass theirs).
      options: {
        bodyDays: account.options.bodyDays,
        pollMs: (account.options.imap ?? DEFAULT_IMAP_OPTIONS).checkEveryMinutes * 60_000,
        ...this.deps.options,
      },
    });
    this.syncs.set(account.id, sync);
    sync.start();
  }

  /** Stops and starts an account's sync, e.g. after its options changed. */
  async restart(account: StoredAccount): Promise<void> {
    await this.stop(account.id);
    this.start(account);
  }

  private startPop3(account: StoredAccount): void {
    if (this.pop3.has(account.id)) return;
    // The local folders exist from the moment the account does (sending files its copy in Sent).
    this.deps.localFolders.ensureStandard(account.id);
    const sync = new Pop3Sync({
      account,
      credential: () => this.deps.credentials(account).get(),
      trusted: (host, port) => this.deps.certificates.forServer(host, port),
      folders: this.deps.folders,
      messages: this.deps.messages,
      uidls: this.deps.uidls,
      storeDownloaded: this.deps.storeDownloaded,
      localFolders: this.deps.localFolders,
      events: this.deps.events,
      reportStatus: (status) => this.deps.signals.notify('sync.status', { accountId: account.id, status }),
      ...(this.deps.pop3CheckEveryMs ? { checkEveryMs: this.deps.pop3CheckEveryMs } : {}),
      log: this.logOf(account),
    });
    this.pop3.set(account.id, sync);
    sync.start();
  }

  private logOf(account: StoredAccount): Logger {
    return (this.deps.log ?? logger('sync')).child({ accountId: account.id, protocol: account.incoming.protocol });
  }

  async stop(accountId: string): Promise<void> {
    const sync = this.syncs.get(accountId) ?? this.pop3.get(accountId);
    this.syncs.delete(accountId);
    this.pop3.delete(accountId);
    await sync?.stop();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.syncs.keys(), ...this.pop3.keys()].map((id) => this.stop(id)));
  }

  poke(accountId: string, folderIds: number[] = []): boolean {
    const sync = this.syncs.get(accountId);
    sync?.poke(folderIds);
    const pop3 = this.pop3.get(accountId);
    pop3?.poke();
    return sync !== undefined || pop3 !== undefined;
  }

  /** Runs a folder change on the account's connection and re-reads its tree; fails when offline. */
  changeFolder(accountId: string, change: (client: ImapFlow) => Promise<unknown>): Promise<void> {
    const sync = this.syncs.get(accountId);
    if (!sync) return Promise.reject(new ApiError('not_found', 'Folders of this account cannot be changed on a server.'));
    return sync.changeFolder(change);
  }

  /** Runs `work` on the account's IMAP connection (e.g. looking for a message in Sent); rejects when offline or not IMAP. */
  runOnConnection<T>(accountId: string, work: (client: ImapFlow) => Promise<T>): Promise<T> {
    const sync = this.syncs.get(accountId);
    if (!sync) return Promise.reject(new ApiError('not_found', 'This account has no IMAP connection.'));
    return sync.runUrgent(work);
  }

  /** "Search on server" in a folder of an IMAP account; rejects when offline or not IMAP. */
  searchServer(accountId: string, ...args: Parameters<AccountSync['searchServer']>): Promise<MessageSummary[]> {
    const sync = this.syncs.get(accountId);
    if (!sync)
      return Promise.reject(new ApiError('invalid_argument', 'The mail of this account lives only on this computer: search it here.'));
    return sync.searchServer(...args);
  }

  fetchBodyNow(accountId: string, messageId: number): Promise<boolean> {
    return this.syncs.get(accountId)?.fetchBodyNow(messageId) ?? Promise.resolve(false);
  }
}

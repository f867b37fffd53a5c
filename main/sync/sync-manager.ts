import type { ImapFlow } from 'imapflow';
import type { AccountStatus } from '../../shared/accounts';
import { ApiError } from '../../shared/errors';
import { passwordKey, type SecretStore } from '../auth/keychain';
import type { EventBus } from '../core/event-bus';
import type { AccountsRepo, StoredAccount } from '../store/accounts-repo';
import type { CertificatesRepo } from '../store/certificates-repo';
import type { Database } from '../store/database';
import type { FoldersRepo } from '../store/folders-repo';
import type { MessagesRepo } from '../store/messages-repo';
import type { OpsRepo } from '../store/ops-repo';
import { AccountSync, type AccountSyncDeps, type AccountSyncOptions } from './account-sync';

// One AccountSync per IMAP account: started when the core starts or an
// account is added, stopped when it is removed or the core stops.
// (POP3 accounts get their own downloader with the POP3 issue.)

export interface SyncManagerDeps {
  db: Database;
  accounts: AccountsRepo;
  folders: FoldersRepo;
  messages: MessagesRepo;
  ops: OpsRepo;
  certificates: CertificatesRepo;
  secrets: SecretStore;
  events: EventBus;
  storeBodies(bodies: readonly { id: number; raw: Buffer }[]): Promise<number>;
  reportStatus(accountId: string, status: AccountStatus): void;
  options?: AccountSyncOptions;
  draftCopy?: AccountSyncDeps['draftCopy'];
}

export class SyncManager {
  private readonly syncs = new Map<string, AccountSync>();

  constructor(private readonly deps: SyncManagerDeps) {}

  startAll(): void {
    for (const account of this.deps.accounts.list()) this.start(account);
  }

  start(account: StoredAccount): void {
    if (account.incoming.protocol !== 'imap' || this.syncs.has(account.id)) return;
    const sync = new AccountSync({
      account,
      password: () => this.deps.secrets.get(passwordKey(account.id)),
      trusted: (host, port) => this.deps.certificates.forServer(host, port),
      db: this.deps.db,
      folders: this.deps.folders,
      messages: this.deps.messages,
      ops: this.deps.ops,
      events: this.deps.events,
      storeBodies: this.deps.storeBodies,
      reportStatus: (status) => this.deps.reportStatus(account.id, status),
      ...(this.deps.draftCopy ? { draftCopy: this.deps.draftCopy } : {}),
      // The account's own choices over the defaults of this run (tests pass theirs).
      options: { bodyDays: account.options.bodyDays, ...this.deps.options },
    });
    this.syncs.set(account.id, sync);
    sync.start();
  }

  /** Stops and starts an account's sync, e.g. after its options changed. */
  async restart(account: StoredAccount): Promise<void> {
    await this.stop(account.id);
    this.start(account);
  }

  async stop(accountId: string): Promise<void> {
    const sync = this.syncs.get(accountId);
    this.syncs.delete(accountId);
    await sync?.stop();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.syncs.keys()].map((id) => this.stop(id)));
  }

  poke(accountId: string, folderIds: number[] = []): boolean {
    const sync = this.syncs.get(accountId);
    sync?.poke(folderIds);
    return sync !== undefined;
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

  fetchBodyNow(accountId: string, messageId: number): Promise<boolean> {
    return this.syncs.get(accountId)?.fetchBodyNow(messageId) ?? Promise.resolve(false);
  }
}

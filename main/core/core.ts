import { join } from 'node:path';
import { AccountsService } from '../accounts/accounts-service';
import { createConnectionTester } from '../accounts/connection-test';
import { SeenCertificates } from '../accounts/seen-certificates';
import { createDispatcher, type Dispatch } from '../api/dispatcher';
import { openSecretStore, type SecretStore } from '../auth/keychain';
import { parseMessage } from '../mime/parse-message';
import { AccountsRepo } from '../store/accounts-repo';
import { CertificatesRepo } from '../store/certificates-repo';
import { openDatabase } from '../store/database';
import { FoldersRepo } from '../store/folders-repo';
import { MessagesRepo } from '../store/messages-repo';
import { OpsRepo } from '../store/ops-repo';
import { RemoteContentRepo } from '../store/remote-content-repo';
import type { AccountSyncOptions } from '../sync/account-sync';
import { BodyStorePool } from '../sync/body-store-pool';
import { FolderService } from '../sync/folder-service';
import { MailService } from '../sync/mail-service';
import { SyncManager } from '../sync/sync-manager';
import { createComposeServices } from './compose-services';
import { EventBus } from './event-bus';
import type { Services } from './services';
import { APP_VERSION } from './version';

// The core: the store, the keychain and the mail services behind the one
// dispatcher. It runs in Electron's utilityProcess (main/app/core-process.ts)
// or inside `npm run web` (main/web/cli.ts); the same code either way.

export interface Core {
  dispatch: Dispatch;
  events: EventBus;
  services: Services;
  close(): Promise<void>;
}

export interface CoreOptions {
  dataDir: string;
  /** Tests pass their own; otherwise the OS keychain, or memory when there is none. */
  secrets?: SecretStore;
  /** Connect saved accounts at start: check their servers and start their sync (off in tests that want quiet). */
  connectOnStart?: boolean;
  /** Passed to every account's sync (tests use it to switch extensions off). */
  syncOptions?: AccountSyncOptions;
  /** The outbox's retry delays (tests shorten them). */
  outboxRetry?: { firstMs: number; maxMs: number };
}

export async function startCore(options: CoreOptions): Promise<Core> {
  const dbFile = join(options.dataDir, 'tidings.sqlite');
  const db = openDatabase(dbFile);
  const secrets = options.secrets ?? (await openSecretStore());
  const events = new EventBus();
  const certificates = new CertificatesRepo(db);
  const accountsRepo = new AccountsRepo(db);
  const folders = new FoldersRepo(db);
  const messages = new MessagesRepo(db);
  const ops = new OpsRepo(db);
  const seen = new SeenCertificates();
  const bodyStore = new BodyStorePool(dbFile, db, messages);
  // The sync reports connection states through the accounts service, which owns them.
  let accounts: AccountsService | undefined;
  const syncs = new SyncManager({
    db,
    accounts: accountsRepo,
    folders,
    messages,
    ops,
    certificates,
    secrets,
    events,
    storeBodies: (bodies) => bodyStore.store(bodies),
    reportStatus: (id, status) => accounts?.setStatus(id, status),
    draftCopy: (draftId) => compose.drafts.serverCopy(draftId),
    ...(options.syncOptions ? { options: options.syncOptions } : {}),
  });
  accounts = new AccountsService({
    accounts: accountsRepo,
    certificates,
    secrets,
    tester: createConnectionTester(certificates, seen),
    seen,
    events,
    dataDir: options.dataDir,
    lifecycle: {
      added: (account) => syncs.start(account),
      changed: (account) => syncs.restart(account),
      removing: (id) => syncs.stop(id),
    },
  });
  const mail = new MailService({
    db,
    folders,
    messages,
    ops,
    remote: new RemoteContentRepo(db),
    events,
    parse: parseMessage,
    fetchBodyNow: (accountId, messageId) => syncs.fetchBodyNow(accountId, messageId),
    poke: (accountId, folderIds) => syncs.poke(accountId, folderIds),
  });
  const compose = createComposeServices({
    db,
    accounts: accountsRepo,
    folders,
    messages,
    ops,
    certificates,
    secrets,
    events,
    mail,
    syncs,
    ...(options.outboxRetry ? { outboxRetry: options.outboxRetry } : {}),
  });
  const services: Services = {
    accounts,
    mail,
    folders: new FolderService(folders, syncs),
    syncs,
    events,
    compose,
    info: () => ({
      name: 'Tidings',
      version: APP_VERSION,
      dataDir: options.dataDir,
      secretStorage: secrets.kind,
      ...(secrets.message ? { secretStorageMessage: secrets.message } : {}),
    }),
  };
  if (options.connectOnStart !== false) {
    accounts.verifyAll();
    syncs.startAll();
  }
  compose.outbox.start();
  return {
    dispatch: createDispatcher(services),
    events,
    services,
    async close() {
      await compose.outbox.stop();
      await syncs.stopAll();
      await bodyStore.close();
      db.close();
    },
  };
}

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
import { Pop3UidlsRepo } from '../store/pop3-uidls-repo';
import { RemoteContentRepo } from '../store/remote-content-repo';
import type { AccountSyncOptions } from '../sync/account-sync';
import { BodyStorePool } from '../sync/body-store-pool';
import { FolderService } from '../sync/folder-service';
import { LocalFolders } from '../sync/local-folders';
import { MailService } from '../sync/mail-service';
import { SyncManager } from '../sync/sync-manager';
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
  /** How often POP3 accounts check for mail, overriding their option (tests). */
  pop3CheckEveryMs?: number;
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
  const uidls = new Pop3UidlsRepo(db);
  const bodyStore = new BodyStorePool(dbFile, db, messages, uidls);
  // A POP3 account's folders and mail live only here.
  const isLocal = (accountId: string) => accountsRepo.get(accountId)?.incoming.protocol === 'pop3';
  const localFolders = new LocalFolders(db, folders, events, isLocal);
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
    ...(options.syncOptions ? { options: options.syncOptions } : {}),
    uidls,
    storeDownloaded: (batch) => bodyStore.storeDownloaded(batch),
    localFolders,
    ...(options.pop3CheckEveryMs ? { pop3CheckEveryMs: options.pop3CheckEveryMs } : {}),
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
    isLocal,
  });
  const services: Services = {
    accounts,
    mail,
    folders: new FolderService(folders, syncs, localFolders),
    syncs,
    events,
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
  return {
    dispatch: createDispatcher(services),
    events,
    services,
    async close() {
      await syncs.stopAll();
      await bodyStore.close();
      db.close();
    },
  };
}

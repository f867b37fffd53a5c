import { join } from 'node:path';
import { AccountsService } from '../accounts/accounts-service';
import { createConnectionTester } from '../accounts/connection-test';
import { createDiscoverer, type DiscoveryOptions } from '../accounts/discovery';
import { imapConnectionBudget, serverFilesSent } from '../accounts/provider-facts';
import { SeenCertificates } from '../accounts/seen-certificates';
import { createDispatcher, type Dispatch } from '../api/dispatcher';
import type { Services } from '../api/services';
import { AccountCredentials } from '../auth/account-credentials';
import { openSecretStore, type SecretStore } from '../auth/keychain';
import { OAuthService } from '../auth/oauth/oauth-service';
import { loadOAuthSettings, type OAuthSettings } from '../auth/oauth/provider-settings';
import type { SignInFlowsOptions } from '../auth/oauth/sign-in-flows';
import { BodyArena } from '../base/body-arena';
import { type Logger, openLog } from '../base/log';
import { ServiceEvents } from '../base/service-events';
import { UiEvents } from '../base/ui-events';
import { draftServerCopy } from '../compose/draft-copy';
import { IdentityService } from '../compose/identities';
import { TransferFiles } from '../import/transfer-files';
import { TransferService } from '../import/transfer-service';
import { FolderService } from '../mailbox/folder-service';
import { LocalFolders } from '../mailbox/local-folders';
import { MailService } from '../mailbox/mail-service';
import { ThreadBackfill } from '../mailbox/thread-backfill';
import { parseMessage } from '../mime/parse-message';
import { AccountsRepo } from '../store/accounts-repo';
import { CertificatesRepo } from '../store/certificates-repo';
import { ComposeSettingsRepo } from '../store/compose-settings-repo';
import { openDatabase } from '../store/database';
import { DraftsRepo } from '../store/drafts-repo';
import { FoldersRepo } from '../store/folders-repo';
import { IdentitiesRepo } from '../store/identities-repo';
import { ImportsRepo } from '../store/imports-repo';
import { MessagesRepo } from '../store/messages-repo';
import { clearOpenedAttachments } from '../store/opened-attachments';
import { OpsRepo } from '../store/ops-repo';
import { Pop3UidlsRepo } from '../store/pop3-uidls-repo';
import { RemoteContentRepo } from '../store/remote-content-repo';
import { SettingsRepo } from '../store/settings-repo';
import { SourceFiles } from '../store/source-files';
import { SyncCounts } from '../store/sync-counts';
import type { AccountSyncOptions } from '../sync/account-sync';
import { BodyStorePool } from '../sync/body-store-pool';
import { SyncManager } from '../sync/sync-manager';
import { createComposeServices } from './compose-wiring';
import { createPrivateFile, keepDataDirPrivate } from './data-dir';
import { APP_VERSION } from './version';

// The core: the store, the keychain and the mail services behind the one
// dispatcher. It runs in Electron's utilityProcess (main/app/core-process.ts)
// or inside `npm run web` (main/web/cli.ts); the same code either way.
// This is the composition root: it builds every service bottom-up, each from
// what is already built; services that must hear about each other later do it
// through ServiceEvents (main/base/service-events.ts), never through closures
// over services not built yet.

export interface Core {
  dispatch: Dispatch;
  events: UiEvents;
  services: Services;
  close(): Promise<void>;
}

export interface CoreOptions {
  dataDir: string;
  /** Tests pass their own; otherwise the OS keychain, or memory when there is none. */
  secrets?: SecretStore;
  /** Connect saved accounts at start: check their servers and start their sync (off in tests that want quiet). */
  connectOnStart?: boolean;
  /** Where account discovery looks (ISPDB URL, DNS servers); tests inject their resolver and HTTP client. */
  discovery?: DiscoveryOptions;
  /** Passed to every account's sync (tests use it to switch extensions off). */
  syncOptions?: AccountSyncOptions;
  /** OAuth2 providers and client IDs; default: clients.json and env (see main/auth/oauth/provider-settings.ts). */
  oauth?: OAuthSettings;
  /** Time limits of sign-in flows (tests shorten them). */
  oauthFlows?: SignInFlowsOptions;
  /** How often POP3 accounts check for mail, overriding their option (tests). */
  pop3CheckEveryMs?: number;
  /** The outbox's retry delays (tests shorten them). */
  outboxRetry?: { firstMs: number; maxMs: number };
  /** Where Thunderbird profiles are looked for (tests); default: where Thunderbird keeps them on this OS. */
  thunderbirdRoots?: string[];
  /** Where to log (`npm run web` passes the one it opened); default: dataDir/logs/tidings.log, opened here and closed with the core. */
  log?: Logger;
}

export async function startCore(options: CoreOptions): Promise<Core> {
  // A person's whole mail: the dir is theirs alone before anything is written in it.
  keepDataDirPrivate(options.dataDir);
  // The log first, so that everything after it can say what went wrong.
  const ownLog = options.log ? undefined : openLog({ dir: join(options.dataDir, 'logs'), name: 'tidings' });
  const log = options.log ?? (ownLog as NonNullable<typeof ownLog>).log;
  const coreLog = log.child({ module: 'core' });
  coreLog.info({ version: APP_VERSION, dataDir: options.dataDir }, 'core starting');

  // The store.
  const dbFile = join(options.dataDir, 'tidings.sqlite');
  createPrivateFile(dbFile);
  const db = openDatabase(dbFile);
  const sourcesDir = join(options.dataDir, 'sources');
  const certificates = new CertificatesRepo(db);
  const accountsRepo = new AccountsRepo(db);
  const folders = new FoldersRepo(db);
  const messages = new MessagesRepo(db, new SourceFiles(sourcesDir));
  const ops = new OpsRepo(db);
  const syncCounts = new SyncCounts(db);
  const uidls = new Pop3UidlsRepo(db);
  const draftsRepo = new DraftsRepo(db);
  const composeSettings = new ComposeSettingsRepo(db);
  const settings = new SettingsRepo(db);
  const bodyStore = new BodyStorePool({ dbFile, sourcesDir }, messages);

  // The channels: what the UI hears, and what services tell each other.
  const events = new UiEvents();
  const signals = new ServiceEvents((event, error) => coreLog.error({ event, err: error }, 'a listener of a service event failed'));

  // Signing in.
  const secrets = options.secrets ?? (await openSecretStore());
  const seen = new SeenCertificates();
  const oauthSettings = options.oauth ?? loadOAuthSettings();
  const oauth = new OAuthService(oauthSettings, secrets, { account: (id) => accountsRepo.get(id) }, signals, options.oauthFlows);
  const credentials = new AccountCredentials(secrets, oauth.tokens);

  // Folders and mail.
  // A POP3 account's folders and mail live only here.
  const isLocal = (accountId: string) => accountsRepo.get(accountId)?.incoming.protocol === 'pop3';
  const localFolders = new LocalFolders(folders, events, signals, isLocal);
  const identities = new IdentityService({
    accounts: accountsRepo,
    identities: new IdentitiesRepo(db),
    settings: composeSettings,
    serverFilesSent,
    defaultUndoSeconds: () => settings.get().undoSeconds,
  });
  const syncs = new SyncManager({
    accounts: accountsRepo,
    folders,
    messages,
    ops,
    certificates,
    credentials: (account) => credentials.source(account),
    events,
    signals,
    storeBodies: (bodies) => bodyStore.store(bodies),
    bodyArena: new BodyArena(),
    draftCopy: (draftId) => draftServerCopy({ drafts: draftsRepo, identities }, draftId),
    connectionBudget: imapConnectionBudget,
    bodyCounts: (accountId, notBefore) => syncCounts.bodies(accountId, notBefore),
    ...(options.syncOptions ? { options: options.syncOptions } : {}),
    uidls,
    storeDownloaded: (batch) => bodyStore.storeDownloaded(batch),
    localFolders,
    ...(options.pop3CheckEveryMs ? { pop3CheckEveryMs: options.pop3CheckEveryMs } : {}),
    log: log.child({ module: 'sync' }),
  });
  const accounts = new AccountsService({
    accounts: accountsRepo,
    certificates,
    secrets,
    credentials,
    oauth,
    tester: createConnectionTester(certificates, seen),
    // Discovery names Google or Microsoft only for servers their sign-in may go to.
    discover: createDiscoverer({
      ...options.discovery,
      oauthHosts: { google: oauthSettings.google.mailHosts, microsoft: oauthSettings.microsoft.mailHosts },
    }),
    seen,
    events,
    signals,
    log: log.child({ module: 'accounts' }),
    dataDir: options.dataDir,
    lifecycle: {
      added: (account) => syncs.start(account),
      changed: (account) => syncs.restart(account),
      removing: (id) => syncs.stop(id),
    },
  });
  const mail = new MailService({
    folders,
    messages,
    remote: new RemoteContentRepo(db),
    remoteForAll: () => settings.get().remoteContent,
    accountServers: (accountId) => {
      const account = accountsRepo.get(accountId);
      return account && { email: account.email, incomingHost: account.incoming.host };
    },
    events,
    parse: parseMessage,
    fetchBodyNow: (accountId, messageId) => syncs.fetchBodyNow(accountId, messageId),
    poke: (accountId, folderIds) => syncs.poke(accountId, folderIds),
    dataDir: options.dataDir,
    isLocal,
    usesLabels: (accountId) => accountsRepo.get(accountId)?.imapFlavor === 'gmail',
    searchServer: (accountId, folder, query, limit) => syncs.searchServer(accountId, folder, query, limit),
  });
  await clearOpenedAttachments(options.dataDir);
  // A store upgraded from before conversations threads its mail in the background.
  const threadBackfill = new ThreadBackfill({ threads: messages.threads, events, log: log.child({ module: 'threads' }) });
  threadBackfill.start();

  // Writing and sending.
  const compose = createComposeServices({
    db,
    accounts: accountsRepo,
    folders,
    messages,
    certificates,
    credentials,
    events,
    signals,
    mail,
    syncs,
    identities,
    drafts: draftsRepo,
    settings: composeSettings,
    ...(options.outboxRetry ? { outboxRetry: options.outboxRetry } : {}),
    log,
  });
  const folderService = new FolderService(folders, syncs, localFolders);
  const transferFiles = new TransferFiles(options.dataDir);
  await transferFiles.clearExports();
  const transfer = new TransferService({
    imports: new ImportsRepo(db, messages),
    messages,
    folders,
    files: transferFiles,
    events,
    createFolder: (accountId, name, parent) => folderService.create(accountId, name, parent.id),
    isLocal,
    searchIds: (query, accountId, folderId) => searchIds(mail, query, accountId, folderId),
    poke: (accountId) => syncs.poke(accountId),
    ...(options.thunderbirdRoots ? { thunderbirdRoots: options.thunderbirdRoots } : {}),
    log: log.child({ module: 'import' }),
  });
  const services: Services = {
    accounts,
    mail,
    folders: folderService,
    syncs,
    oauth,
    credentials,
    events,
    compose,
    settings,
    info: () => ({
      name: 'Tidings',
      version: APP_VERSION,
      dataDir: options.dataDir,
      logDir: join(options.dataDir, 'logs'),
      secretStorage: secrets.kind,
      ...(secrets.message ? { secretStorageMessage: secrets.message } : {}),
    }),
    transfer,
    transferFiles,
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
      oauth.close();
      threadBackfill.stop();
      await transfer.close();
      await compose.outbox.stop();
      await syncs.stopAll();
      await bodyStore.close();
      db.close();
      coreLog.info('core stopped');
      ownLog?.close();
    },
  };
}

/** Every match of a search, newest first, as row ids (exporting a search result); bounded at 1,000 pages. */
function searchIds(mail: MailService, query: string, accountId: string | undefined, folderId: number | undefined): number[] {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = mail.search({ query, accountId, folderId, limit: 500, ...(cursor === undefined ? {} : { cursor }) });
    ids.push(...result.items.map((item) => item.id));
    if (result.next === null) break;
    cursor = result.next;
  }
  return ids;
}

import type { ComposeServices } from '../api/services';
import type { AccountCredentials } from '../auth/account-credentials';
import type { Logger } from '../base/log';
import type { ServiceEvents } from '../base/service-events';
import type { UiEvents } from '../base/ui-events';
import { type ComposeStartDeps, startDraft } from '../compose/compose-start';
import { DraftService } from '../compose/draft-service';
import type { IdentityService } from '../compose/identities';
import { folderHasMessageId } from '../imap/find-message';
import type { MailService } from '../mailbox/mail-service';
import { getAttachment } from '../mime/attachments';
import { parseMessage } from '../mime/parse-message';
import { postOneClickUnsubscribe } from '../net/one-click-unsubscribe';
import { Outbox } from '../outbox/outbox';
import { unsubscribe } from '../outbox/unsubscribe';
import type { AccountsRepo } from '../store/accounts-repo';
import type { CertificatesRepo } from '../store/certificates-repo';
import type { ComposeSettingsRepo } from '../store/compose-settings-repo';
import { ContactsRepo } from '../store/contacts-repo';
import type { Database } from '../store/database';
import type { DraftsRepo } from '../store/drafts-repo';
import type { FoldersRepo } from '../store/folders-repo';
import type { MessagesRepo } from '../store/messages-repo';
import { OutboxRepo } from '../store/outbox-repo';
import type { SyncManager } from '../sync/sync-manager';

// Wires writing and sending mail: identities, drafts, compose.start, address
// suggestions and the outbox, on the core's store, sync and keychain.

export interface ComposeWiring {
  db: Database;
  accounts: AccountsRepo;
  folders: FoldersRepo;
  messages: MessagesRepo;
  certificates: CertificatesRepo;
  credentials: AccountCredentials;
  events: UiEvents;
  signals: ServiceEvents;
  mail: MailService;
  /** Built before the sync (which appends drafts with them), so handed in. */
  identities: IdentityService;
  drafts: DraftsRepo;
  settings: ComposeSettingsRepo;
  syncs: SyncManager;
  /** Tests shorten the outbox's retry delays. */
  outboxRetry?: { firstMs: number; maxMs: number };
  log: Logger;
}

export function createComposeServices(w: ComposeWiring): ComposeServices {
  const { identities, settings, drafts: draftsRepo } = w;
  const outboxRepo = new OutboxRepo(w.db);
  const contacts = new ContactsRepo(w.db);
  const drafts = new DraftService({
    drafts: draftsRepo,
    outbox: outboxRepo,
    folders: w.folders,
    messages: w.messages,
    identities,
    events: w.events,
    parse: parseMessage,
    attachmentOf: getAttachment,
    ensureBody: (id) => w.mail.get(id),
    poke: (accountId, folderIds) => w.syncs.poke(accountId, folderIds),
  });
  const outboxLog = w.log.child({ module: 'outbox' });
  const outbox = new Outbox({
    outbox: outboxRepo,
    drafts: draftsRepo,
    draftService: drafts,
    identities,
    settings,
    folders: w.folders,
    messages: w.messages,
    events: w.events,
    signals: w.signals,
    credentials: async (accountId) => {
      const account = w.accounts.get(accountId);
      return account ? w.credentials.source(account).get() : null;
    },
    trusted: (host, port) => w.certificates.forServer(host, port),
    markSource: (messageId, change) => {
      if (w.messages.get(messageId)) w.mail.setFlags([messageId], change);
    },
    findInSent: async (accountId, messageId) => {
      const sent = w.folders.byRole(accountId, 'sent');
      if (!sent) return false;
      try {
        return await w.syncs.runOnConnection(accountId, (client) => folderHasMessageId(client, sent.path, messageId));
      } catch (error) {
        outboxLog.debug({ accountId, err: error }, 'could not look in Sent for a message of unknown fate');
        return null;
      }
    },
    poke: (accountId, folderIds) => w.syncs.poke(accountId, folderIds),
    ...(w.outboxRetry ? { retry: w.outboxRetry } : {}),
    log: outboxLog,
  });
  const startDeps: ComposeStartDeps = {
    accounts: w.accounts,
    messages: w.messages,
    identities,
    drafts,
    getMessage: (id) => w.mail.get(id),
    attachment: (id, index) => w.mail.attachment(id, index),
  };
  return {
    identities,
    drafts,
    outbox,
    start: (request) => startDraft(startDeps, request),
    suggest: (query, limit) => contacts.suggest(query, limit, identities.ownAddresses()),
    unsubscribe: (messageId) =>
      unsubscribe(
        {
          methodsOf: (id) => w.mail.unsubscribeMethods(id),
          start: (request) => startDraft(startDeps, request),
          drafts,
          outbox,
          postOneClick: postOneClickUnsubscribe,
        },
        messageId,
      ),
  };
}

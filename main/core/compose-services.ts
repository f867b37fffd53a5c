import type { ImapFlow } from 'imapflow';
import type { ContactSuggestion, Draft } from '../../shared/compose';
import { passwordKey, type SecretStore } from '../auth/keychain';
import { type ComposeStartDeps, startDraft } from '../compose/compose-start';
import { DraftService } from '../compose/draft-service';
import { IdentityService } from '../compose/identities';
import { getAttachment } from '../mime/attachments';
import { parseMessage } from '../mime/parse-message';
import type { AccountsRepo } from '../store/accounts-repo';
import type { CertificatesRepo } from '../store/certificates-repo';
import { ComposeSettingsRepo } from '../store/compose-settings-repo';
import { ContactsRepo } from '../store/contacts-repo';
import type { Database } from '../store/database';
import { DraftsRepo } from '../store/drafts-repo';
import type { FoldersRepo } from '../store/folders-repo';
import { IdentitiesRepo } from '../store/identities-repo';
import type { MessagesRepo } from '../store/messages-repo';
import type { OpsRepo } from '../store/ops-repo';
import { OutboxRepo } from '../store/outbox-repo';
import type { MailService } from '../sync/mail-service';
import { Outbox } from '../sync/outbox';
import type { SyncManager } from '../sync/sync-manager';
import type { EventBus } from './event-bus';

// Wires writing and sending mail: identities, drafts, compose.start, address
// suggestions and the outbox, on the core's store, sync and keychain.

export interface ComposeServices {
  identities: IdentityService;
  drafts: DraftService;
  outbox: Outbox;
  start(request: Parameters<typeof startDraft>[1]): Promise<Draft>;
  suggest(query: string, limit: number): ContactSuggestion[];
}

export interface ComposeWiring {
  db: Database;
  accounts: AccountsRepo;
  folders: FoldersRepo;
  messages: MessagesRepo;
  ops: OpsRepo;
  certificates: CertificatesRepo;
  secrets: SecretStore;
  events: EventBus;
  mail: MailService;
  syncs: SyncManager;
  /** Tests shorten the outbox's retry delays. */
  outboxRetry?: { firstMs: number; maxMs: number };
}

export function createComposeServices(w: ComposeWiring): ComposeServices {
  const settings = new ComposeSettingsRepo(w.db);
  const draftsRepo = new DraftsRepo(w.db);
  const outboxRepo = new OutboxRepo(w.db);
  const contacts = new ContactsRepo(w.db);
  const identities = new IdentityService({ db: w.db, accounts: w.accounts, identities: new IdentitiesRepo(w.db), settings });
  const drafts = new DraftService({
    db: w.db,
    drafts: draftsRepo,
    outbox: outboxRepo,
    folders: w.folders,
    messages: w.messages,
    ops: w.ops,
    identities,
    events: w.events,
    parse: parseMessage,
    attachmentOf: getAttachment,
    ensureBody: (id) => w.mail.get(id),
    poke: (accountId, folderIds) => w.syncs.poke(accountId, folderIds),
  });
  const outbox = new Outbox({
    db: w.db,
    outbox: outboxRepo,
    drafts: draftsRepo,
    draftService: drafts,
    identities,
    settings,
    folders: w.folders,
    messages: w.messages,
    ops: w.ops,
    events: w.events,
    password: (accountId) => w.secrets.get(passwordKey(accountId)),
    trusted: (host, port) => w.certificates.forServer(host, port),
    markSource: (messageId, change) => {
      if (w.messages.get(messageId)) w.mail.setFlags([messageId], change);
    },
    findInSent: async (accountId, messageId) => {
      const sent = w.folders.byRole(accountId, 'sent');
      if (!sent) return false;
      try {
        return await w.syncs.runOnConnection(accountId, (client) => hasMessageId(client, sent.path, messageId));
      } catch {
        return null;
      }
    },
    poke: (accountId, folderIds) => w.syncs.poke(accountId, folderIds),
    ...(w.outboxRetry ? { retry: w.outboxRetry } : {}),
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
  };
}

async function hasMessageId(client: ImapFlow, path: string, messageId: string): Promise<boolean> {
  const lock = await client.getMailboxLock(path);
  try {
    const found = await client.search({ header: { 'Message-ID': messageId } }, { uid: true });
    return Array.isArray(found) && found.length > 0;
  } finally {
    lock.release();
  }
}

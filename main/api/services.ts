import type { ContactSuggestion, Draft } from '../../shared/compose';
import type { AppInfo } from '../../shared/contract';
import type { UnsubscribeResult } from '../../shared/mail';
import type { Settings, SettingsChange } from '../../shared/settings';
import type { AccountsService } from '../accounts/accounts-service';
import type { AccountCredentials } from '../auth/account-credentials';
import type { OAuthService } from '../auth/oauth/oauth-service';
import type { UiEvents } from '../base/ui-events';
import type { StartRequest } from '../compose/compose-start';
import type { DraftService } from '../compose/draft-service';
import type { IdentityService } from '../compose/identities';
import type { TransferFiles } from '../import/transfer-files';
import type { TransferService } from '../import/transfer-service';
import type { FolderService } from '../mailbox/folder-service';
import type { MailService } from '../mailbox/mail-service';
import type { Outbox } from '../outbox/outbox';
import type { SyncManager } from '../sync/sync-manager';

/** What the API handlers can reach: the core's services, nothing lower. */
export interface Services {
  accounts: AccountsService;
  mail: MailService;
  folders: FolderService;
  syncs: SyncManager;
  oauth: OAuthService;
  /** How accounts sign in; POP3 and SMTP sending get credentials (and OAuth2 access tokens) here. */
  credentials: AccountCredentials;
  events: UiEvents;
  compose: ComposeServices;
  /** The global settings (store/settings-repo.ts). */
  settings: { get(): Settings; set(change: SettingsChange): Settings };
  info(): AppInfo;
  /** Import and export (main/import), and their files: uploads, exports to download, paths granted by the desktop app's dialogs. */
  transfer: TransferService;
  transferFiles: TransferFiles;
}

/** Writing and sending mail, wired by core/compose-wiring.ts. */
export interface ComposeServices {
  identities: IdentityService;
  drafts: DraftService;
  outbox: Outbox;
  start(request: StartRequest): Promise<Draft>;
  suggest(query: string, limit: number): ContactSuggestion[];
  /** Leave a message's mailing list (outbox/unsubscribe.ts). */
  unsubscribe(messageId: number): Promise<UnsubscribeResult>;
}

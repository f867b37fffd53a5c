import type { AppInfo } from '../../shared/contract';
import type { AccountsService } from '../accounts/accounts-service';
import type { AccountCredentials } from '../auth/account-credentials';
import type { OAuthService } from '../auth/oauth/oauth-service';
import type { FolderService } from '../sync/folder-service';
import type { MailService } from '../sync/mail-service';
import type { SyncManager } from '../sync/sync-manager';
import type { ComposeServices } from './compose-services';
import type { EventBus } from './event-bus';

/** What the API handlers can reach: the core's services, nothing lower. */
export interface Services {
  accounts: AccountsService;
  mail: MailService;
  folders: FolderService;
  syncs: SyncManager;
  oauth: OAuthService;
  /** How accounts sign in; POP3 and SMTP sending get credentials (and OAuth2 access tokens) here. */
  credentials: AccountCredentials;
  events: EventBus;
  compose: ComposeServices;
  info(): AppInfo;
}

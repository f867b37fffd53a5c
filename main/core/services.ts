import type { AppInfo } from '../../shared/contract';
import type { AccountsService } from '../accounts/accounts-service';
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
  events: EventBus;
  compose: ComposeServices;
  info(): AppInfo;
}

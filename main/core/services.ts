import type { AppInfo } from '../../shared/contract';
import type { AccountsService } from '../accounts/accounts-service';
import type { EventBus } from './event-bus';

/** What the API handlers can reach: the core's services, nothing lower. */
export interface Services {
  accounts: AccountsService;
  events: EventBus;
  info(): AppInfo;
}

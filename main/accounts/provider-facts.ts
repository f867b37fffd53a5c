import type { StoredAccount } from '../store/accounts-repo';
import { presetForServerHost } from './discovery/presets';

// What Tidings knows of an account's provider, for the services that act on
// it. The provider presets (discovery/presets/) are the one source of these
// facts; the user's per-account choice overrides them where there is one.

/**
 * Whether the account's submission server files what it sends in Sent by
 * itself (Gmail, Outlook, iCloud): then Tidings must not append a copy. The
 * SMTP host decides, since it is the one that files the copy.
 */
/**
 * How many IMAP connections the sync may hold at once for the account: its
 * provider's cap where the preset (found by the IMAP host) has one, else
 * undefined (the sync's own number).
 */
export function imapConnectionBudget(account: Pick<StoredAccount, 'incoming'>): number | undefined {
  return presetForServerHost(account.incoming.host)?.maxImapConnections;
}

export function serverFilesSent(account: Pick<StoredAccount, 'outgoing'>): boolean {
  return presetForServerHost(account.outgoing.host)?.sentMailFiledByServer ?? false;
}

import type { StoredAccount } from '../store/accounts-repo';
import { presetForOAuth, presetForServerHost } from './discovery/presets';

// What Tidings knows of an account's provider, for the services that act on
// it. The provider presets (discovery/presets/) are the one source of these
// facts; the user's per-account choice overrides them where there is one.
// A Gmail server is known by its host, or by what it says of itself
// (X-GM-EXT-1, kept as the account's imapFlavor): Google Workspace accounts
// reach it under other names too.

type ProviderAccount = Pick<StoredAccount, 'incoming' | 'outgoing' | 'imapFlavor'>;

/** The preset of the account's IMAP provider: by what the server said it is, else by its host. */
function imapPreset(account: Pick<StoredAccount, 'incoming' | 'imapFlavor'>) {
  return account.imapFlavor === 'gmail' ? presetForOAuth('google') : presetForServerHost(account.incoming.host);
}

/**
 * How many IMAP connections the sync may hold at once for the account: its
 * provider's cap where the preset has one, else undefined (the sync's own number).
 */
export function imapConnectionBudget(account: Pick<StoredAccount, 'incoming' | 'imapFlavor'>): number | undefined {
  return imapPreset(account)?.maxImapConnections;
}

/**
 * Whether the account's server files what it sends in Sent by itself (Gmail,
 * Outlook, iCloud): then Tidings must not append a copy. The SMTP host
 * decides, since it is the one that files the copy; on Gmail (by its IMAP
 * server) never: a copy appended there is a second Sent message.
 */
export function serverFilesSent(account: ProviderAccount): boolean {
  if (account.imapFlavor === 'gmail') return true;
  return presetForServerHost(account.outgoing.host)?.sentMailFiledByServer ?? false;
}

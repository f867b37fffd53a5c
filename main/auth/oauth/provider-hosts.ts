import type { Security } from '../../../shared/accounts';
import { ApiError } from '../../../shared/errors';
import { OAUTH_PROVIDER_LABEL, type OAuthProvider } from '../../../shared/oauth';

// Where each provider's sign-in may go: the mail servers of the provider that
// issued the token, nowhere else. An access token for Google's mail scope
// opens the user's whole Gmail, so a config file from the network (autoconfig,
// ISPDB, an MX host's domain), a tampered store or a hand-edited draft that
// pairs Google's sign-in with servers of its own must not get it.
//
// This module is the one list of those hosts. The presets of Google and
// Microsoft (accounts/discovery/presets/) write their servers from it, and
// the protocol clients ask it (through AccessToken, access-token.ts) before
// an access token becomes XOAUTH2 / OAUTHBEARER for a host. It lives here,
// in auth/, because the check must be reachable from where the token is used
// (imap/, pop3/, smtp/ sit above auth/ and below accounts/).

/** Google's mail servers (Gmail and Google Workspace). */
export const GOOGLE_MAIL_HOSTS = {
  imap: 'imap.gmail.com',
  pop3: 'pop.gmail.com',
  smtp: 'smtp.gmail.com',
} as const;

/** Microsoft's mail servers (Outlook.com and Microsoft 365). */
export const MICROSOFT_MAIL_HOSTS = {
  /** IMAP and POP3 for both. */
  mailbox: 'outlook.office365.com',
  /** SMTP of Microsoft 365. */
  smtp: 'smtp.office365.com',
  /** SMTP of Outlook.com. */
  outlookSmtp: 'smtp-mail.outlook.com',
  /** Older names of Outlook.com's IMAP and POP3 servers, still in older configs and accounts. */
  outlookImap: 'imap-mail.outlook.com',
  outlookPop3: 'pop-mail.outlook.com',
} as const;

/** Every host a provider's token may be sent to, in a user's installation. */
export const PROVIDER_MAIL_HOSTS: Readonly<Record<OAuthProvider, readonly string[]>> = {
  google: Object.values(GOOGLE_MAIL_HOSTS),
  microsoft: Object.values(MICROSOFT_MAIL_HOSTS),
};

/** Names of this computer that tests may add (TIDINGS_OAUTH_ENDPOINTS_FILE); never any other host. */
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', '::1', 'localhost'];

/** A host name as compared here: lower case, without a final dot or IPv6 brackets. */
export function normalHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^\[(.*)\]$/, '$1');
}

/** Whether `host` is one of `hosts` (as normalHost compares them). */
export function isOneOf(hosts: readonly string[], host: string): boolean {
  const wanted = normalHost(host);
  return hosts.some((allowed) => normalHost(allowed) === wanted);
}

/** The server a token would be sent to: its name, and whether the connection is encrypted. */
export interface TokenDestination {
  host: string;
  security: Security;
  /** "IMAP", "POP3", "SMTP": for the message, when known. */
  label?: string;
}

/**
 * Throws ApiError('oauth_host_refused') unless `server` is one of the
 * provider's `hosts` and the token would travel encrypted there (TLS or
 * STARTTLS; only this computer's loopback, which only tests list, may be
 * plain). Nothing is sent before this has passed.
 */
export function assertTokenDestination(provider: OAuthProvider, hosts: readonly string[], server: TokenDestination): void {
  const label = OAUTH_PROVIDER_LABEL[provider];
  const which = server.label ? `${server.label} server` : 'server';
  if (!isOneOf(hosts, server.host)) {
    throw new ApiError(
      'oauth_host_refused',
      `${label} sign-in is only sent to ${label}'s servers (${hosts.join(', ')}); this account's ${which} is ${clip(server.host)}. ` +
        `Nothing was sent there. Use ${label}'s servers, or add the account with a password instead.`,
    );
  }
  if (server.security === 'none' && !isOneOf(LOOPBACK_HOSTS, server.host)) {
    throw new ApiError(
      'oauth_host_refused',
      `${label} sign-in is only sent over an encrypted connection; this account's ${which} ${clip(server.host)} is set to no encryption. ` +
        'Choose SSL/TLS or STARTTLS.',
    );
  }
}

/** Host names come from the store or the renderer: keep them short and printable in a message. */
function clip(text: string): string {
  const printable = text.replace(/[^\x20-\x7E]/g, '?');
  return printable.length > 100 ? `${printable.slice(0, 100)}…` : printable;
}

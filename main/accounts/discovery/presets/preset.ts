import type { ProviderSignIn } from '../../../../shared/discovery';

// A built-in provider preset: the provider's settings as a config-v1.1.xml
// document (the ISPDB's own format, read by the same parser as every file
// from the network), plus what that format cannot say: how people sign in
// there, whether the server files sent mail itself, and how a company domain
// hosted there is recognised by its MX host.

export interface Preset {
  id: string;
  /** The provider's name as people know it. */
  name: string;
  /** config-v1.1.xml: domains, servers in preference order, usernames, auth methods. */
  xml: string;
  signIn: ProviderSignIn;
  /** The server puts a copy of sent mail in Sent itself (so the client must not APPEND one). */
  sentMailFiledByServer: boolean;
  /** MX host names ending in one of these belong to this provider (a company domain hosted there). */
  mxSuffixes?: string[];
  /** IMAP connections one account may hold at once, where the provider caps them for all of a user's clients together. */
  maxImapConnections?: number;
  /**
   * Where the incoming server takes more than one form of username and which
   * one works differs by account: every form, in the order to try, with the
   * XML's placeholders (the first is the XML's own <username>). "Test
   * connection" tries the next when one is refused (accounts/username-forms.ts).
   */
  incomingUsernames?: readonly string[];
}

import { z } from 'zod';
import { emailSchema, type IncomingProtocol, type Security } from './accounts';

// Finding an account's settings from its address alone (`accounts.discover`):
// what the setup wizard shows in its second step. The core tries its built-in
// provider presets, the domain's own autoconfig file, Thunderbird's ISPDB, DNS
// SRV records (RFC 6186/8314), the MX host's provider, and finally guesses by
// probing the usual host names; the best source that answers wins.

export const discoverArgsSchema = z.object({ email: emailSchema }).strict();

/** Where settings came from, best first. */
export const DISCOVERY_SOURCES = ['provider', 'autoconfig', 'ispdb', 'dns', 'mx', 'guess'] as const;
export type DiscoverySource = (typeof DISCOVERY_SOURCES)[number];

/** How each source is named to the user: "Found settings for example.com (from: ISPDB)". */
export const DISCOVERY_SOURCE_LABEL: Record<DiscoverySource, string> = {
  provider: 'provider',
  autoconfig: 'autoconfig',
  ispdb: 'ISPDB',
  dns: 'DNS',
  mx: 'MX',
  guess: 'guess',
};

/** Authentication methods of config-v1.1.xml, by the names it uses (OAuth2 lower-cased). */
export type AuthMethod =
  | 'password-cleartext'
  | 'password-encrypted'
  | 'oauth2'
  | 'ntlm'
  | 'gssapi'
  | 'client-ip-address'
  | 'tls-client-cert'
  | 'none';

export interface FoundServer {
  protocol: IncomingProtocol | 'smtp';
  host: string;
  port: number;
  security: Security;
  /** With the placeholders (%EMAILADDRESS%, ...) already filled in. */
  username: string;
  /** What the server accepts, best first (empty when the source did not say). */
  auth: AuthMethod[];
}

/** How a person signs in at a known provider. */
export interface ProviderSignIn {
  /** "Sign in with Google/Microsoft" is the way (when a client ID is configured). */
  oauth: 'google' | 'microsoft' | null;
  /**
   * What a password field is for: 'password' (the normal one), 'app-password'
   * (the normal password is refused: make an app password), or 'none' (no
   * password works at all: only OAuth2).
   */
  password: 'password' | 'app-password' | 'none';
  /** Words to show before asking for the password, e.g. "Yahoo needs an app password…". */
  note?: string;
  /** The provider's page for making an app password (a button opens it). */
  appPasswordUrl?: string;
  /** Where to switch IMAP/POP access on, for providers where it starts off. */
  enableAccessUrl?: string;
}

export interface ProviderInfo {
  id: string;
  name: string;
  signIn: ProviderSignIn;
  /** The server files sent mail in the Sent folder itself: do not APPEND a copy. */
  sentMailFiledByServer: boolean;
}

/** What one source did, for the "how we looked" details. */
export interface DiscoveryAttempt {
  source: DiscoverySource;
  outcome: 'found' | 'nothing' | 'failed' | 'timeout' | 'skipped';
  /** Plain words: "https://autoconfig.example.com/… answered 404". */
  detail?: string;
}

export interface Discovery {
  email: string;
  domain: string;
  /** Where the incoming server came from; null when nothing was found (the wizard opens the form). */
  source: DiscoverySource | null;
  /** For source 'mx': the domain's MX host, and which source then knew its provider. */
  mxHost?: string;
  mxVia?: 'provider' | 'autoconfig' | 'ispdb';
  /** A known provider (preset), when the settings belong to one. */
  provider: ProviderInfo | null;
  /** Incoming servers, best first; IMAP and POP3 may both be present (the wizard offers the choice). */
  incoming: FoundServer[];
  /** Outgoing (SMTP) servers, best first. */
  outgoing: FoundServer[];
  attempts: DiscoveryAttempt[];
}

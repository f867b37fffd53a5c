import { MAX_DOWNLOAD_BYTES } from '../../shared/mail';
import type { ImapFlowOptions } from 'imapflow';
import type { ServerSettings } from '../../shared/accounts';
import type { Credentials } from '../auth/credentials';
import { assertLoginValues } from '../net/login-values';
import { tlsOptionsFor } from '../net/tls-trust';
import type { TrustedCertificate } from '../store/certificates-repo';

// The options every ImapFlow instance of the core is made with. imapflow's own
// defaults are meant for servers: minutes-long timeouts and 1-2 GB response
// limits. A desktop client wants to notice a dead server quickly and never
// buffer a gigabyte because a server said so.

export const IMAP_LIMITS = {
  connectionTimeout: 15_000,
  greetingTimeout: 15_000,
  socketTimeout: 120_000,
  maxLineLength: 8 * 1024 * 1024,
  maxLiteralSize: MAX_DOWNLOAD_BYTES,
  maxResponseSize: 272 * 1024 * 1024,
} as const;

export function imapOptions(server: ServerSettings, credentials: Credentials, trusted: readonly TrustedCertificate[]): ImapFlowOptions {
  assertLoginValues('IMAP', server.username, credentials.kind === 'password' ? credentials.password : undefined);
  return {
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    // 'starttls' must upgrade or fail: never fall back to sending the password in clear.
    doSTARTTLS: server.security === 'starttls' ? true : server.security === 'none' ? false : undefined,
    // With an access token imapflow uses AUTHENTICATE OAUTHBEARER when offered, else XOAUTH2.
    // The token is read for this server only: another provider's host is refused here, before any connection.
    auth:
      credentials.kind === 'oauth2'
        ? { user: server.username, accessToken: credentials.token.bearerFor({ ...server, label: 'IMAP' }) }
        : { user: server.username, pass: credentials.password },
    tls: tlsOptionsFor(server.host, trusted),
    logger: false,
    disableAutoIdle: true,
    clientInfo: { name: 'Tidings' },
    ...IMAP_LIMITS,
  };
}

import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { ServerSettings } from '../../shared/accounts';
import type { CredentialSource, Credentials } from '../auth/credentials';
import { tlsOptionsFor } from '../net/tls-trust';
import type { TrustedCertificate } from '../store/certificates-repo';

/**
 * nodemailer options for a submission server: 465 is implicit TLS
 * (secure: true); 587 must upgrade with STARTTLS before AUTH (requireTLS), so
 * a server that does not offer it fails before the password is sent.
 */
export function smtpTransportOptions(
  server: ServerSettings,
  credentials: Credentials,
  trusted: readonly TrustedCertificate[],
  source?: CredentialSource,
): SMTPTransport.Options {
  return {
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    auth: smtpAuth(server.username, credentials, source),
    tls: tlsOptionsFor(server.host, trusted),
    // The EHLO name: a neutral address literal instead of this computer's host name (privacy).
    name: '[127.0.0.1]',
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    logger: false,
  };
}

/**
 * nodemailer's auth: a password, or XOAUTH2 with the access token we have and
 * a provisioning callback that nodemailer calls with renew=true when the
 * server refused it (nodemailer then retries once with the fresh token).
 */
function smtpAuth(user: string, credentials: Credentials, source?: CredentialSource): SMTPTransport.Options['auth'] {
  if (credentials.kind === 'password') return { user, pass: credentials.password };
  let current: Extract<Credentials, { kind: 'oauth2' }> = credentials;
  return {
    type: 'OAuth2',
    user,
    accessToken: credentials.accessToken,
    provisionCallback: (_user, renew, callback) => {
      if (!renew || !source) {
        callback(null, current.accessToken);
        return;
      }
      // No fresher token to be had (a draft's own): the retry shows the server's own refusal.
      source.get({ refused: current }).then(
        (fresh) => {
          if (fresh?.kind === 'oauth2') current = fresh;
          callback(null, current.accessToken);
        },
        // nodemailer re-codes whatever it gets here as EAUTH: the real reason (e.g. "sign in again") rides along as the cause.
        (error: unknown) => callback(new Error(error instanceof Error ? error.message : String(error), { cause: error })),
      );
    },
  };
}

import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { ServerSettings } from '../../shared/accounts';
import type { CredentialSource, Credentials, OAuthCredentials } from '../auth/credentials';
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
    auth: smtpAuth(server, credentials, source),
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
 * Every token is read for this server only (AccessToken.bearerFor): another
 * provider's host is refused here, before nodemailer connects.
 */
function smtpAuth(server: ServerSettings, credentials: Credentials, source?: CredentialSource): SMTPTransport.Options['auth'] {
  const user = server.username;
  if (credentials.kind === 'password') return { user, pass: credentials.password };
  const destination = { host: server.host, security: server.security, label: 'SMTP' };
  let current: OAuthCredentials = credentials;
  return {
    type: 'OAuth2',
    user,
    accessToken: credentials.token.bearerFor(destination),
    provisionCallback: (_user, renew, callback) => {
      // nodemailer re-codes whatever it gets as EAUTH: the real reason (e.g. "sign in again",
      // "not Google's server") rides along as the cause, which describeFailure reads.
      const failed = (error: unknown) => callback(new Error(error instanceof Error ? error.message : String(error), { cause: error }));
      const answer = () => {
        let bearer: string;
        try {
          bearer = current.token.bearerFor(destination);
        } catch (error) {
          failed(error);
          return;
        }
        callback(null, bearer);
      };
      if (!renew || !source) {
        answer();
        return;
      }
      // No fresher token to be had (a draft's own): the retry shows the server's own refusal.
      source.get({ refused: current }).then((fresh) => {
        if (fresh?.kind === 'oauth2') current = fresh;
        answer();
      }, failed);
    },
  };
}

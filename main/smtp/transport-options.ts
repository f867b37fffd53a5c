import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { ServerSettings } from '../../shared/accounts';
import { tlsOptionsFor } from '../net/tls-trust';
import type { TrustedCertificate } from '../store/certificates-repo';

/**
 * nodemailer options for a submission server: 465 is implicit TLS
 * (secure: true); 587 must upgrade with STARTTLS before AUTH (requireTLS), so
 * a server that does not offer it fails before the password is sent.
 */
export function smtpTransportOptions(
  server: ServerSettings,
  password: string,
  trusted: readonly TrustedCertificate[],
): SMTPTransport.Options {
  return {
    host: server.host,
    port: server.port,
    secure: server.security === 'tls',
    requireTLS: server.security === 'starttls',
    ignoreTLS: server.security === 'none',
    auth: { user: server.username, pass: password },
    tls: tlsOptionsFor(server.host, trusted),
    // The EHLO name: a neutral address literal instead of this computer's host name (privacy).
    name: '[127.0.0.1]',
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    logger: false,
  };
}

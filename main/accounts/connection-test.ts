import type { IncomingSettings, ServerCheck, ServerSettings } from '../../shared/accounts';
import type { CertificateInfo } from '../../shared/errors';
import { type CredentialSource, loginWith } from '../auth/credentials';
import { logger } from '../base/log';
import { checkImapLogin } from '../imap/check-login';
import { type ProbeMode, readPresentedCertificate } from '../net/certificate-probe';
import { describeFailure, isAuthFailure, serverWords } from '../net/connection-failure';
import { certificateErrorCode, describeCertificate } from '../net/tls-trust';
import { checkPop3Login } from '../pop3/check-login';
import { checkSmtpLogin } from '../smtp/check-login';
import type { CertificatesRepo, TrustedCertificate } from '../store/certificates-repo';
import { adviseFailure } from './provider-advice';
import type { SeenCertificates } from './seen-certificates';

// "Test connection": log in to one server and answer in plain words. When the
// certificate is not trusted, read it (see net/certificate-probe.ts) so the
// user can see whom they would trust, and remember it so that
// `certificates.trust` can only trust what the server really showed.

type Protocol = IncomingSettings['protocol'] | 'smtp';

const LABEL: Record<Protocol, string> = { imap: 'IMAP', pop3: 'POP3', smtp: 'SMTP' };
const log = logger('accounts');

type Login = (server: ServerSettings, source: CredentialSource, trusted: readonly TrustedCertificate[]) => Promise<void>;

const LOGIN: Record<Protocol, Login> = {
  // A refused OAuth2 access token is retried once with a fresh one (loginWith).
  imap: (server, source, trusted) => loginWith(source, (credentials) => checkImapLogin(server, credentials, trusted), isAuthFailure),
  pop3: (server, source, trusted) => loginWith(source, (credentials) => checkPop3Login(server, credentials, trusted), isAuthFailure),
  // nodemailer asks for a fresh token itself (its OAuth2 provisioning callback).
  smtp: checkSmtpLogin,
};

export interface ConnectionTester {
  check(role: 'incoming' | 'outgoing', protocol: Protocol, server: ServerSettings, credentials: CredentialSource): Promise<ServerCheck>;
}

export function createConnectionTester(certificates: CertificatesRepo, seen: SeenCertificates): ConnectionTester {
  return {
    async check(role, protocol, server, credentials) {
      const at = { host: server.host, port: server.port };
      try {
        await LOGIN[protocol](server, credentials, certificates.forServer(server.host, server.port));
        return { ok: true, server: role, protocol, ...at };
      } catch (error) {
        const described = describeFailure(error, { ...at, label: LABEL[protocol] });
        // A refused password in the provider's terms where it has rules of its own (Gmail, Outlook, GMX, ...).
        const failure =
          credentials.kind === 'password'
            ? adviseFailure(described, { host: server.host, protocol, serverWords: serverWords(error) })
            : described;
        const result: ServerCheck = { ok: false, server: role, protocol, ...at, ...failure };
        // The user reads the plain words; the log keeps what was actually thrown.
        log.info({ protocol, ...at, code: failure.code, err: error }, 'a login check failed');
        const certificateCode = certificateErrorCode(error);
        if (certificateCode) {
          const certificate = await inspectCertificate(server, protocol, certificateCode, seen);
          if (certificate) result.certificate = certificate;
        }
        return result;
      }
    },
  };
}

async function inspectCertificate(
  server: ServerSettings,
  protocol: Protocol,
  reason: string,
  seen: SeenCertificates,
): Promise<CertificateInfo | undefined> {
  const mode: ProbeMode = server.security === 'tls' ? 'tls' : `starttls-${protocol}`;
  try {
    const pem = await readPresentedCertificate(server.host, server.port, mode);
    seen.remember(server.host, server.port, pem);
    return { host: server.host, port: server.port, reason, ...describeCertificate(pem) };
  } catch {
    // The certificate could not be read again (the server went away): the
    // failure message still says what happened; there is just nothing to trust.
    return undefined;
  }
}

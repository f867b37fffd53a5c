import type { ServerSettings } from '../../shared/accounts';
import { type CredentialSource, missingPassword } from '../auth/credentials';
import type { TrustedCertificate } from '../store/certificates-repo';
import { smtpTransportOptions } from './transport-options';

/** Connect, EHLO, (STARTTLS,) AUTH and QUIT; throws what nodemailer throws. */
export async function checkSmtpLogin(
  server: ServerSettings,
  source: CredentialSource,
  trusted: readonly TrustedCertificate[],
): Promise<void> {
  const credentials = await source.get();
  if (credentials === null) throw missingPassword();
  // Loaded on first use, like imapflow: not needed to show the first screen.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport(smtpTransportOptions(server, credentials, trusted, source));
  try {
    await transport.verify();
  } finally {
    transport.close();
  }
}

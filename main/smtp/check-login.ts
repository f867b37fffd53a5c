import type { ServerSettings } from '../../shared/accounts';
import type { TrustedCertificate } from '../store/certificates-repo';
import { smtpTransportOptions } from './transport-options';

/** Connect, EHLO, (STARTTLS,) AUTH and QUIT; throws what nodemailer throws. */
export async function checkSmtpLogin(server: ServerSettings, password: string, trusted: readonly TrustedCertificate[]): Promise<void> {
  // Loaded on first use, like imapflow: not needed to show the first screen.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport(smtpTransportOptions(server, password, trusted));
  try {
    await transport.verify();
  } finally {
    transport.close();
  }
}

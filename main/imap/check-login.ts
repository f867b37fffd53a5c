import type { ServerSettings } from '../../shared/accounts';
import type { Credentials } from '../auth/credentials';
import type { TrustedCertificate } from '../store/certificates-repo';
import { imapOptions } from './connection-options';

/** Log in to an IMAP server and out again; throws what imapflow throws. */
export async function checkImapLogin(
  server: ServerSettings,
  credentials: Credentials,
  trusted: readonly TrustedCertificate[],
): Promise<void> {
  // Loaded on first use: imapflow costs ~0.1 s at start, before the first window could paint.
  const { ImapFlow } = await import('imapflow');
  const client = new ImapFlow({ ...imapOptions(server, credentials, trusted), verifyOnly: true });
  // imapflow emits 'error' besides rejecting; without a listener Node would throw it.
  client.on('error', () => {}); // the same failure rejects connect(), which the caller hears
  try {
    await client.connect();
  } finally {
    client.close();
  }
}

import type { ServerSettings } from '../../shared/accounts';
import { tlsOptionsFor } from '../net/tls-trust';
import type { TrustedCertificate } from '../store/certificates-repo';
import type { Pop3Credential } from './credential';
import { Pop3Connection } from './pop3-connection';

/** Connect, (STLS,) log in, QUIT. */
export async function checkPop3Login(
  server: ServerSettings,
  credential: string | Pop3Credential,
  trusted: readonly TrustedCertificate[],
): Promise<void> {
  // A token for another provider's servers is refused before the server is contacted.
  if (typeof credential !== 'string' && credential.kind === 'oauth2') credential.token.assertUsableAt({ ...server, label: 'POP3' });
  const connection = await Pop3Connection.connect({
    host: server.host,
    port: server.port,
    security: server.security,
    tls: tlsOptionsFor(server.host, trusted),
  });
  try {
    await connection.login(server.username, credential);
  } catch (error) {
    connection.destroy();
    throw error;
  }
  await connection.quit();
}

import type { SrvRecord } from 'node:dns';
import type { Security } from '../../../shared/accounts';
import type { FoundServer } from '../../../shared/discovery';
import type { SourceContext, SourceOutcome } from './candidate';
import { asHostName } from './host-name';

// RFC 6186 (with RFC 8314's implicit-TLS names) SRV records. The order below
// is our preference: IMAP before POP3, implicit TLS before STARTTLS. A target
// of "." means the domain says the service is not offered (RFC 6186 section 3.4).

const SERVICES: ReadonlyArray<{ name: string; protocol: FoundServer['protocol']; security: Security }> = [
  { name: '_imaps._tcp', protocol: 'imap', security: 'tls' },
  { name: '_imap._tcp', protocol: 'imap', security: 'starttls' },
  { name: '_pop3s._tcp', protocol: 'pop3', security: 'tls' },
  { name: '_pop3._tcp', protocol: 'pop3', security: 'starttls' },
  { name: '_submissions._tcp', protocol: 'smtp', security: 'tls' },
  { name: '_submission._tcp', protocol: 'smtp', security: 'starttls' },
];

/** Records in the order RFC 2782 says to try them: lowest priority first, then highest weight. */
export function orderSrv(records: readonly SrvRecord[]): SrvRecord[] {
  return [...records].sort((a, b) => a.priority - b.priority || b.weight - a.weight);
}

export async function fromSrv(context: SourceContext): Promise<SourceOutcome> {
  const answers = await Promise.all(
    SERVICES.map(async (service) => {
      const records = orderSrv(await context.resolver.srv(`${service.name}.${context.domain}`));
      return records
        .flatMap((record) => {
          const host = record.port > 0 ? asHostName(record.name) : null;
          return host ? [{ host, port: record.port }] : [];
        })
        .map(
          (record): FoundServer => ({
            protocol: service.protocol,
            host: record.host,
            port: record.port,
            security: service.security,
            // RFC 6186 section 5: the address is the username to try.
            username: context.email,
            auth: [],
          }),
        );
    }),
  );
  const servers = answers.flat();
  const incoming = servers.filter((server) => server.protocol !== 'smtp');
  const outgoing = servers.filter((server) => server.protocol === 'smtp');
  if (incoming.length === 0 && outgoing.length === 0) return { nothing: `no mail SRV records for ${context.domain}` };
  return { found: { source: 'dns', incoming, outgoing } };
}

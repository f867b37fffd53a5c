import { type Database, sql } from './database';

export interface TrustedCertificate {
  host: string;
  port: number;
  fingerprint256: string;
  pem: string;
}

/** Certificates the user trusted explicitly, each for one host and port. */
export class CertificatesRepo {
  constructor(private readonly db: Database) {}

  forServer(host: string, port: number): TrustedCertificate[] {
    return sql(this.db, 'SELECT host, port, fingerprint256, pem FROM trusted_certificates WHERE host = ? AND port = ?').all(
      host.toLowerCase(),
      port,
    ) as unknown as TrustedCertificate[];
  }

  add(cert: TrustedCertificate): void {
    sql(
      this.db,
      `INSERT OR REPLACE INTO trusted_certificates (host, port, fingerprint256, pem, trusted_at)
         VALUES (?, ?, ?, ?, ?)`,
    ).run(cert.host.toLowerCase(), cert.port, cert.fingerprint256, cert.pem, new Date().toISOString());
  }
}

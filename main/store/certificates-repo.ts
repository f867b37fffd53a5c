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

  /** Every trusted certificate, by host and port, with when it was trusted. */
  list(): (TrustedCertificate & { trustedAt: string })[] {
    return sql(
      this.db,
      'SELECT host, port, fingerprint256, pem, trusted_at AS trustedAt FROM trusted_certificates ORDER BY host, port, trusted_at',
    ).all() as unknown as (TrustedCertificate & { trustedAt: string })[];
  }

  /** Takes the trust back; false when it was not there. */
  remove(host: string, port: number, fingerprint256: string): boolean {
    const result = sql(this.db, 'DELETE FROM trusted_certificates WHERE host = ? AND port = ? AND fingerprint256 = ?').run(
      host.toLowerCase(),
      port,
      fingerprint256,
    );
    return Number(result.changes) > 0;
  }

  add(cert: TrustedCertificate): void {
    sql(
      this.db,
      `INSERT OR REPLACE INTO trusted_certificates (host, port, fingerprint256, pem, trusted_at)
         VALUES (?, ?, ?, ?, ?)`,
    ).run(cert.host.toLowerCase(), cert.port, cert.fingerprint256, cert.pem, new Date().toISOString());
  }
}

import type { ConnectionCheck } from '../../../shared/accounts';
import type { CertificateInfo } from '../../../shared/errors';

/** One certificate a server showed us, and every port of that host that showed it. */
export interface UntrustedCertificate {
  host: string;
  ports: number[];
  certificate: CertificateInfo;
}

/**
 * The untrusted certificates in a test result. A server often uses the same
 * certificate for IMAP and SMTP; one panel and one "Trust" then covers both ports.
 */
export function untrustedCertificates(result: ConnectionCheck): UntrustedCertificate[] {
  const found: UntrustedCertificate[] = [];
  for (const check of [result.incoming, result.outgoing]) {
    if (check.ok || check.code !== 'certificate_untrusted' || !check.certificate) continue;
    const cert = check.certificate;
    const same = found.find((f) => f.host === cert.host && f.certificate.fingerprint256 === cert.fingerprint256);
    if (same) {
      if (!same.ports.includes(cert.port)) same.ports.push(cert.port);
    } else {
      found.push({ host: cert.host, ports: [cert.port], certificate: cert });
    }
  }
  return found;
}

// OpenSSL's reasons, in words. Unknown codes are shown as they are.
const REASONS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'it was issued by a self-signed authority',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'it was not issued by an authority this computer trusts',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'it was not issued by an authority this computer trusts',
  UNABLE_TO_GET_ISSUER_CERT: 'it was not issued by an authority this computer trusts',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it was issued for a different server name',
  HOSTNAME_MISMATCH: 'it was issued for a different server name',
  CERT_REVOKED: 'it has been revoked',
};

export function reasonInWords(reason: string): string | null {
  return REASONS[reason] ?? null;
}

/** A certificate date as a local date, or as given if it does not parse. */
export function formatCertDate(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });
}

export function isExpired(validTo: string, now = new Date()): boolean {
  const date = new Date(validTo);
  return !Number.isNaN(date.getTime()) && date < now;
}

import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import tls, { type ConnectionOptions, type PeerCertificate } from 'node:tls';
import type { TrustedCertificate } from '../store/certificates-repo';

// How every TLS connection of the core decides whom to trust. Verification is
// always on. On top of the system's CAs (and NODE_EXTRA_CA_CERTS), a user may
// trust one certificate for one host and port: it is added as an extra trust
// anchor for that connection only, and its fingerprint must match exactly.

/** The TLS options for a connection to host:port, given the certificates the user trusted there. */
export function tlsOptionsFor(host: string, pinned: readonly TrustedCertificate[]): ConnectionOptions {
  const options: ConnectionOptions = { minVersion: 'TLSv1.2' };
  // SNI with an IP address is not allowed (RFC 6066 section 3).
  if (!isIP(host)) options.servername = host;
  if (pinned.length === 0) return options;

  const fingerprints = new Set(pinned.map((cert) => cert.fingerprint256));
  return {
    ...options,
    // The default CAs stay trusted: pinning must not break a server that later gets a proper certificate.
    ca: [...tls.getCACertificates('default'), ...pinned.map((cert) => cert.pem)],
    // A pinned leaf is not self-signed when an unknown CA issued it; let it anchor the chain itself.
    allowPartialTrustChain: true,
    checkServerIdentity(hostname: string, cert: PeerCertificate) {
      // The user trusted exactly this certificate for this host, whatever name it carries.
      if (fingerprints.has(cert.fingerprint256)) return undefined;
      return tls.checkServerIdentity(hostname, cert);
    },
  };
}

/** Readable facts of a PEM certificate, for the "not trusted" dialog. */
export function describeCertificate(pem: string): {
  subject: string;
  issuer: string;
  fingerprint256: string;
  validFrom: string;
  validTo: string;
} {
  const cert = new X509Certificate(pem);
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    fingerprint256: cert.fingerprint256,
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
  };
}

function oneLine(distinguishedName: string): string {
  return distinguishedName.split('\n').filter(Boolean).join(', ');
}

/** OpenSSL's codes for "this certificate is not trusted", as Node reports them on error.code. */
const CERTIFICATE_ERROR_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/**
 * The OpenSSL code if this error means "certificate not trusted", else undefined.
 * Node puts it on error.code; nodemailer moves it to error.originalCode (its
 * own code is ESOCKET); some wrappers keep the original as error.cause.
 */
export function certificateErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; originalCode?: unknown; cause?: { code?: unknown } } | null;
  for (const code of [e?.code, e?.originalCode, e?.cause?.code]) {
    if (typeof code === 'string' && CERTIFICATE_ERROR_CODES.has(code)) return code;
  }
  return undefined;
}

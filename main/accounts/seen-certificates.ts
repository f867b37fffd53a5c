import { describeCertificate } from '../net/tls-trust';

// Certificates servers presented during connection tests in this run. The
// renderer may only ask to trust one of these (by fingerprint): it never
// hands the core a certificate of its own.

const KEEP_MS = 30 * 60_000;
const MAX_ENTRIES = 64;

export class SeenCertificates {
  private readonly entries = new Map<string, { pem: string; seenAt: number }>();

  remember(host: string, port: number, pem: string): void {
    const key = keyOf(host, port, describeCertificate(pem).fingerprint256);
    this.entries.delete(key);
    this.entries.set(key, { pem, seenAt: Date.now() });
    // Bounded: drop the oldest first.
    while (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** The PEM of a certificate host:port showed recently with this fingerprint. */
  find(host: string, port: number, fingerprint256: string): string | undefined {
    const entry = this.entries.get(keyOf(host, port, fingerprint256));
    if (!entry || Date.now() - entry.seenAt > KEEP_MS) return undefined;
    return entry.pem;
  }
}

function keyOf(host: string, port: number, fingerprint256: string): string {
  return `${host.toLowerCase()}|${port}|${fingerprint256}`;
}

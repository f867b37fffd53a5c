import { Fragment, useId } from 'react';
import type { ApiError } from '../../../shared/errors';
import { formatCertDate, isExpired, reasonInWords, type UntrustedCertificate } from './certificates';

interface Props {
  untrusted: UntrustedCertificate;
  onTrust: () => void;
  trusting: boolean;
  disabled: boolean;
  error: ApiError | null;
}

/** Line breaks only between byte pairs, so no pair is ever split when comparing by eye. */
function Fingerprint({ value }: { value: string }) {
  return value.split(':').map((pair, index) => (
    // Pairs repeat, so their position is their identity; the list never reorders.
    // biome-ignore lint/suspicious/noArrayIndexKey: static list
    <Fragment key={index}>
      {index > 0 && (
        <>
          :<wbr />
        </>
      )}
      {pair}
    </Fragment>
  ));
}

/**
 * Shows a certificate the core could not verify, with enough facts to compare
 * against what the provider publishes, and lets the user pin it for this host.
 */
export function CertificatePanel({ untrusted, onTrust, trusting, disabled, error }: Props) {
  const headingId = useId();
  const { host, ports, certificate } = untrusted;
  const where = ports.map((port) => `${host}:${port}`).join(' and ');
  const reason = reasonInWords(certificate.reason);

  return (
    <section className="cert-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Certificate not trusted</h2>
      <p>
        The server at <strong>{where}</strong> sent a certificate that Tidings could not verify
        {reason ? `: ${reason}` : ''}
        {certificate.reason && <span className="muted"> ({certificate.reason})</span>}.
      </p>
      <p>
        This can mean that someone is intercepting the connection. Only trust this certificate if you know the server uses its own
        certificate (a company or home server, for example), and if you can, compare the fingerprint below with the one your mail provider
        or administrator gives you.
      </p>
      <dl className="cert-facts">
        <dt>Server</dt>
        <dd>{where}</dd>
        <dt>Subject</dt>
        <dd>{certificate.subject}</dd>
        <dt>Issuer</dt>
        <dd>{certificate.issuer}</dd>
        <dt>Valid</dt>
        <dd>
          {formatCertDate(certificate.validFrom)} to {formatCertDate(certificate.validTo)}
          {isExpired(certificate.validTo) && <strong className="expired"> (expired)</strong>}
        </dd>
        <dt>SHA-256 fingerprint</dt>
        <dd className="fingerprint">
          <Fingerprint value={certificate.fingerprint256} />
        </dd>
      </dl>
      <div className="cert-actions">
        <button type="button" className="button" onClick={() => !disabled && onTrust()} aria-disabled={disabled || undefined}>
          {`Trust this certificate for ${host}`}
        </button>
        {trusting && (
          <span className="muted" role="status">
            Trusting and testing again…
          </span>
        )}
      </div>
      {error && (
        <p className="error-text" role="alert">
          Could not trust the certificate: {error.message}
        </p>
      )}
    </section>
  );
}

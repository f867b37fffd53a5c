import { useId, useState } from 'react';
import type { Account } from '../../../shared/accounts';
import type { TrustedCertificateInfo } from '../../../shared/errors';
import { toApiError } from '../api/errors';
import { canOpenLogFolder, openLogFolder } from '../api/log-folder';
import { useToast } from '../components/Toasts';
import { useAppInfo } from '../queries/useAppInfo';
import { useTrustedCertificates } from '../queries/useTrustedCertificates';

/**
 * Where Tidings keeps its data and its logs, and the certificates the user
 * trusted by hand (a server whose certificate no known authority vouches
 * for), each of which can be taken back.
 */
export function DataSettings({ accounts }: { accounts: Account[] }) {
  const { info } = useAppInfo();
  const headingId = useId();
  return (
    <section className="general-settings data-settings" aria-labelledby={headingId}>
      <h2 id={headingId} className="settings-page-title">
        Data and certificates
      </h2>
      <fieldset className="settings-group">
        <legend>Where your mail is kept</legend>
        <PathRow label="Data folder" path={info?.dataDir} />
        <p className="muted field-note">
          Every message, draft and setting Tidings keeps is in this folder.{' '}
          {info?.secretStorage === 'memory'
            ? 'Passwords are kept in memory only for this run: no system keychain answered.'
            : 'Passwords and sign-in tokens are in the system keychain, never in this folder.'}
        </p>
        <PathRow label="Log folder" path={info?.logDir} />
        {canOpenLogFolder() && (
          <div className="settings-actions start">
            <button type="button" className="button" onClick={openLogFolder}>
              Open log folder
            </button>
          </div>
        )}
        <p className="muted field-note">The logs say what Tidings did and what went wrong; they never hold passwords or message text.</p>
      </fieldset>
      <TrustedCertificates accounts={accounts} />
    </section>
  );
}

function PathRow({ label, path }: { label: string; path: string | undefined }) {
  const toast = useToast();
  const id = useId();
  return (
    <div className="field path-row">
      <label htmlFor={id}>{label}</label>
      <div className="path-line">
        <input id={id} className="path-value" readOnly value={path ?? ''} onFocus={(event) => event.target.select()} />
        <button
          type="button"
          className="button"
          disabled={!path}
          aria-label={`Copy the ${label.toLowerCase()}'s path`}
          onClick={() => {
            if (!path) return;
            navigator.clipboard
              ?.writeText(path)
              .then(() => toast(`${label} path copied.`))
              .catch(() => toast('Could not copy: select the path and copy it.'));
          }}
        >
          Copy
        </button>
      </div>
    </div>
  );
}

function TrustedCertificates({ accounts }: { accounts: Account[] }) {
  const { certificates, revoke } = useTrustedCertificates();
  const toast = useToast();
  const [busy, setBusy] = useState<string | null>(null);

  async function stopTrusting(certificate: TrustedCertificateInfo) {
    setBusy(certificate.fingerprint256);
    try {
      await revoke(certificate);
      toast(`No longer trusted: the certificate of ${certificate.host}:${certificate.port}.`);
    } catch (failure) {
      toast(`Could not take the trust back: ${toApiError(failure).message}`);
    } finally {
      setBusy(null);
    }
  }

  const names = (ids: string[]) => ids.map((id) => accounts.find((a) => a.id === id)).flatMap((a) => (a ? [a.name || a.email] : []));

  return (
    <fieldset className="settings-group">
      <legend>Trusted certificates</legend>
      <p className="muted field-note">
        Certificates you trusted yourself, for a server whose certificate no known authority vouches for. Each is trusted for its server and
        port only.
      </p>
      {certificates === undefined ? (
        <p className="muted">Loading…</p>
      ) : certificates.length === 0 ? (
        <p className="muted">None: every server is checked against the system's certificate authorities.</p>
      ) : (
        <ul className="certificate-list">
          {certificates.map((certificate) => {
            const users = names(certificate.accountIds);
            return (
              <li key={`${certificate.host}:${certificate.port}:${certificate.fingerprint256}`} className="certificate-card">
                <div className="certificate-facts">
                  <strong>
                    {certificate.host}:{certificate.port}
                  </strong>
                  <span>Issued to: {certificate.subject || 'unknown'}</span>
                  <span>Issued by: {certificate.issuer || 'unknown'}</span>
                  <span>
                    Valid until {certificate.validTo ? new Date(certificate.validTo).toLocaleDateString() : 'unknown'}, trusted on{' '}
                    {new Date(certificate.trustedAt).toLocaleDateString()}
                  </span>
                  <span className="muted">{users.length > 0 ? `Used by ${users.join(', ')}` : 'No account uses this server now'}</span>
                  <code className="fingerprint" title="SHA-256 fingerprint">
                    {certificate.fingerprint256}
                  </code>
                </div>
                <button
                  type="button"
                  className="button"
                  aria-label={`Stop trusting the certificate of ${certificate.host}:${certificate.port}`}
                  aria-disabled={busy === certificate.fingerprint256 || undefined}
                  onClick={() => void stopTrusting(certificate)}
                >
                  Stop trusting
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </fieldset>
  );
}

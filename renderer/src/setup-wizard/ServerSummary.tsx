import type { FoundServer } from '../../../shared/discovery';

const PROTOCOL = { imap: 'IMAP', pop3: 'POP3', smtp: 'SMTP' } as const;
const SECURITY = { tls: 'SSL/TLS', starttls: 'STARTTLS', none: 'not encrypted' } as const;

/** The two servers the wizard will use, in one glance. */
export function ServerSummary({ incoming, outgoing }: { incoming: FoundServer | undefined; outgoing: FoundServer | undefined }) {
  return (
    <dl className="wizard-servers">
      {[
        ['Incoming', incoming],
        ['Outgoing', outgoing],
      ].map(([label, server]) => {
        const s = server as FoundServer | undefined;
        return (
          <div key={label as string} className="wizard-server">
            <dt>{label as string}</dt>
            <dd>
              {s ? (
                <>
                  <span className="wizard-server-protocol">{PROTOCOL[s.protocol]}</span>
                  <span className="wizard-server-host">
                    {s.host}:{s.port}
                  </span>
                  <span className={`wizard-server-security${s.security === 'none' ? ' insecure' : ''}`}>{SECURITY[s.security]}</span>
                </>
              ) : (
                <span className="muted">not found</span>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

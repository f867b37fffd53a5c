import type { ConnectionCheck, ServerCheck } from '../../../shared/accounts';

interface Props {
  /** The last result, if any. */
  result: ConnectionCheck | null;
  testing: boolean;
  /** The settings changed since `result` was obtained. */
  stale: boolean;
}

const PROTOCOL_NAMES = { imap: 'IMAP', pop3: 'POP3', smtp: 'SMTP' } as const;

function ResultLine({ side, check, testing }: { side: 'Incoming' | 'Outgoing'; check: ServerCheck | null; testing: boolean }) {
  const outcome = testing ? 'testing' : check ? (check.ok ? 'ok' : 'failed') : 'none';
  const words = testing
    ? 'Testing…'
    : check
      ? check.ok
        ? check.username
          ? `Connected as ${check.username}`
          : 'Connected'
        : check.message
      : '';
  return (
    <div className={`result-line result-${outcome}`}>
      {outcome !== 'none' && (
        <span className="result-server">
          <span className="result-icon" aria-hidden="true" />
          {side} server
        </span>
      )}
      {/* Always mounted, so screen readers announce the words when they change. */}
      <div role="status" aria-label={`${side} server result`} className="result-words">
        {words}
      </div>
      {check && !testing && (
        <span className="result-detail">
          {PROTOCOL_NAMES[check.protocol]} · {check.host}:{check.port}
        </span>
      )}
    </div>
  );
}

/** One line per server: "Testing…", "Connected", or the core's explanation of what went wrong. */
export function TestResults({ result, testing, stale }: Props) {
  return (
    <div className="test-results">
      <ResultLine side="Incoming" check={result?.incoming ?? null} testing={testing} />
      <ResultLine side="Outgoing" check={result?.outgoing ?? null} testing={testing} />
      {result && stale && !testing && (
        <p className="muted result-stale">You changed the settings since this test. Save tests them again.</p>
      )}
    </div>
  );
}

import type { AccountStatus } from '../../../shared/accounts';

/** The status in words; the colour (via the class) only repeats what the words say. */
export function statusWords(status: AccountStatus): string {
  switch (status.state) {
    case 'connected':
      return 'Connected';
    case 'checking':
      return 'Checking…';
    case 'error':
      return `Error: ${status.message ?? 'something went wrong'}`;
    case 'offline':
      return 'Offline';
    case 'unknown':
      return 'Not checked';
  }
}

export function AccountStatusLabel({ status }: { status: AccountStatus }) {
  return (
    <span className={`status status-${status.state}`}>
      <span className="status-dot" aria-hidden="true" />
      <span className="status-words">
        {statusWords(status)}
        {status.state === 'offline' && status.message && <span className="status-detail">{status.message}</span>}
      </span>
    </span>
  );
}

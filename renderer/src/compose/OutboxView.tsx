import { useId, useState } from 'react';
import type { OutboxItem } from '../../../shared/compose';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { formatAddress, formatListDate, formatSize, subjectText } from '../common/format';
import { Icon } from '../components/icons';
import { useCompose } from './ComposeContext';

/**
 * An account's Outbox: what is waiting to go and why, in words the user can
 * act on ("Could not connect to smtp.example.com… tried 3 times, next at
 * 10:42"), with "Send now" and "Edit" (which takes it back as a draft).
 */
export function OutboxView({ accountId }: { accountId: string }) {
  const { outbox } = useCompose();
  const items = outbox.get(accountId) ?? [];
  const headingId = useId();
  return (
    <section className="outbox-view" aria-labelledby={headingId}>
      <header className="outbox-header">
        <h2 id={headingId} className="list-title">
          Outbox
        </h2>
        <p className="list-count muted">{items.length === 1 ? '1 message waiting' : `${items.length} messages waiting`}</p>
      </header>
      {items.length === 0 ? (
        <p className="reader-empty muted">Nothing is waiting to be sent.</p>
      ) : (
        <ul className="outbox-list">
          {items.map((item) => (
            <OutboxRow key={item.id} item={item} />
          ))}
        </ul>
      )}
    </section>
  );
}

function stateWords(item: OutboxItem): string {
  switch (item.state) {
    case 'scheduled':
      return `Will be sent at ${formatListDate(item.sendAt)}.`;
    case 'sending':
      return 'Sending now…';
    case 'retrying': {
      const tries = item.attempts === 1 ? 'Tried once' : `Tried ${item.attempts} times`;
      const next = item.nextAttemptAt
        ? `; trying again at ${formatListDate(item.nextAttemptAt)} and as soon as the account is back online`
        : '';
      return `${tries}${next}.`;
    }
  }
}

function OutboxRow({ item }: { item: OutboxItem }) {
  const api = useApi();
  const { editQueued } = useCompose();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const subject = subjectText(item.subject);

  async function run(action: () => Promise<unknown>, what: string) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(`Could not ${what}: ${toApiError(failure).message}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={`outbox-item ${item.state}`}>
      <div className="outbox-main">
        <p className="outbox-subject">{subject}</p>
        <p className="outbox-to muted">
          To {item.recipients.map(formatAddress).join(', ') || '(nobody)'} · {formatSize(item.size)}
        </p>
        {item.lastError && (
          <p className="outbox-error warning">
            <strong>Not sent yet:</strong> {item.lastError}
          </p>
        )}
        <p className="outbox-state muted">{stateWords(item)}</p>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
      </div>
      {item.state !== 'sending' && (
        <div className="outbox-actions">
          <button
            type="button"
            className="button"
            aria-label={`Send now: ${subject}`}
            aria-disabled={busy || undefined}
            onClick={() => void run(() => api.call('outbox.retry', { id: item.id }), 'send it')}
          >
            <Icon name="retry" />
            Send now
          </button>
          <button
            type="button"
            className="button quiet"
            aria-label={`Edit: ${subject}`}
            aria-disabled={busy || undefined}
            onClick={() => void run(() => editQueued(item.id), 'take it back')}
          >
            Edit
          </button>
        </div>
      )}
    </li>
  );
}

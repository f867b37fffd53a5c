import type { Account } from '../../../shared/accounts';
import { formatCount } from '../common/format';
import { Icon } from '../components/icons';
import { useCompose } from './ComposeContext';

/**
 * "Outbox" under an account's folders, while it holds messages (or is shown):
 * a folder row like the others, with the count waiting.
 */
export function OutboxEntry({ account }: { account: Account }) {
  const { outbox, outboxAccountId, showOutbox } = useCompose();
  const count = outbox.get(account.id)?.length ?? 0;
  const selected = outboxAccountId === account.id;
  if (count === 0 && !selected) return null;
  return (
    <ul className="folder-list outbox-entry" aria-label={`Outbox of ${account.email}`}>
      <li>
        <div className={`folder-row${selected ? ' selected' : ''}`}>
          <span className="folder-toggle-space" />
          <button
            type="button"
            className="folder-button"
            aria-current={selected ? 'page' : undefined}
            data-focus={`outbox-${account.id}`}
            onClick={() => showOutbox(account.id)}
          >
            <Icon name="sent" className="folder-icon" />
            <span className="folder-name">Outbox</span>
            {count > 0 && (
              <span className="badge">
                <span className="visually-hidden">, </span>
                {formatCount(count)}
                <span className="visually-hidden"> waiting</span>
              </span>
            )}
          </button>
        </div>
      </li>
    </ul>
  );
}

/** "New message" at the top of the sidebar. */
export function NewMessageButton({ accountId }: { accountId: string | null }) {
  const { compose, open } = useCompose();
  return (
    <button
      type="button"
      className="button primary new-message"
      disabled={!accountId || open}
      aria-keyshortcuts="C"
      title="New message (C)"
      onClick={() => accountId && compose(accountId)}
    >
      <Icon name="drafts" />
      New message
    </button>
  );
}

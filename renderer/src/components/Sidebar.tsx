import type { Account } from '../../../shared/accounts';
import type { ApiError } from '../../../shared/errors';
import { AccountStatusLabel } from './AccountStatusLabel';

interface Props {
  accounts: Account[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  onRemove: (account: Account) => void;
  onAddAccount: () => void;
  /** A failure to refresh the list (the list shown may be out of date). */
  error: ApiError | null;
  onRetry: () => void;
}

export function Sidebar({ accounts, selectedId, onSelect, onRemove, onAddAccount, error, onRetry }: Props) {
  return (
    <nav className="sidebar" aria-labelledby="sidebar-heading">
      <h2 id="sidebar-heading" className="sidebar-heading">
        Accounts
      </h2>
      <ul className="account-list">
        {accounts.map((account) => (
          <AccountItem
            key={account.id}
            account={account}
            selected={account.id === selectedId}
            onSelect={() => onSelect(account.id)}
            onRemove={() => onRemove(account)}
          />
        ))}
      </ul>
      {error && (
        <div className="sidebar-error" role="alert">
          <p>Could not refresh the accounts: {error.message}</p>
          <button type="button" className="link-button" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
      <div className="sidebar-footer">
        <button type="button" className="button sidebar-add" data-focus="add-account" onClick={onAddAccount}>
          <span aria-hidden="true" className="plus">
            +
          </span>
          Add account
        </button>
      </div>
    </nav>
  );
}

interface ItemProps {
  account: Account;
  selected: boolean;
  onSelect: () => void;
  onRemove: () => void;
}

function AccountItem({ account, selected, onSelect, onRemove }: ItemProps) {
  return (
    <li className={`account-item${selected ? ' selected' : ''}`}>
      <button
        type="button"
        className="account-select"
        aria-current={selected ? 'true' : undefined}
        data-focus={`account-${account.id}`}
        onClick={onSelect}
      >
        <span className="account-name">{account.name || account.email}</span>
        {account.name && (
          // title: the full address when a long one is cut off with an ellipsis.
          <span className="account-email" title={account.email}>
            {account.email}
          </span>
        )}
      </button>
      <div className="account-meta">
        <AccountStatusLabel status={account.status} />
        {/* secretStorage 'missing' needs no note of its own: the core reports it as the error status. */}
        {/* The visible words come first in the name (label-in-name); the address tells the buttons apart. */}
        <button
          type="button"
          className="link-button danger remove-account"
          aria-label={`Remove account ${account.email}`}
          onClick={onRemove}
        >
          Remove account
        </button>
      </div>
    </li>
  );
}

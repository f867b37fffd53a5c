import type { Account } from '../../../shared/accounts';

/** Reading mail is the next milestone; until then the main area says so. */
export function MailPlaceholder({ account }: { account: Account }) {
  return (
    <div className="mail-placeholder">
      <h1>{account.name || account.email}</h1>
      <p className="muted">Mail for {account.email} will appear here</p>
    </div>
  );
}

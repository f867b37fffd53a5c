import type { Account } from '../../../shared/accounts';

/** An account without folders yet: just added (its sync is listing them), or POP3 (no folders until its download comes). */
export function MailPlaceholder({ account, loading }: { account: Account; loading: boolean }) {
  return (
    <div className="mail-placeholder">
      <h1>{account.name || account.email}</h1>
      <p className="muted">Mail for {account.email} will appear here</p>
      <p className="muted">{loading ? 'Reading the folders…' : 'Tidings is fetching the folder list from the server.'}</p>
    </div>
  );
}

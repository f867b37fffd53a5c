import type { Account } from '../../../shared/accounts';
import { useApi } from '../api/context';
import { ConfirmDangerDialog } from './ConfirmDangerDialog';

interface Props {
  account: Account;
  onRemoved: (id: string) => void;
  onClose: () => void;
}

/** Asks before deleting, and says exactly what goes: nothing on the server is touched. */
export function RemoveAccountDialog({ account, onRemoved, onClose }: Props) {
  const api = useApi();
  return (
    <ConfirmDangerDialog
      title={`Remove ${account.email}?`}
      description={
        <>
          <p>This deletes from this computer:</p>
          <ul>
            <li>the account's settings,</li>
            <li>its saved password,</li>
            <li>and the mail downloaded for it.</li>
          </ul>
          {account.incoming.protocol === 'pop3' ? (
            <p className="warning">
              This is a POP3 account: mail that Tidings downloaded may no longer be on the server, so the copy on this computer may be the
              only one.
            </p>
          ) : (
            <p className="muted">Mail on the server is not affected.</p>
          )}
        </>
      }
      confirmLabel="Remove account"
      busyLabel="Removing…"
      failurePrefix="Could not remove the account"
      action={async () => {
        await api.call('accounts.remove', { id: account.id });
      }}
      onDone={() => onRemoved(account.id)}
      onClose={onClose}
    />
  );
}

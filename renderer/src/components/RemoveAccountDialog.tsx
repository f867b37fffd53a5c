import { useEffect, useId, useRef, useState } from 'react';
import type { Account } from '../../../shared/accounts';
import type { ApiError } from '../../../shared/errors';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';

interface Props {
  account: Account;
  onRemoved: (id: string) => void;
  onClose: () => void;
}

/** Asks before deleting, and says exactly what goes: nothing on the server is touched. */
export function RemoveAccountDialog({ account, onRemoved, onClose }: Props) {
  const api = useApi();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const headingId = useId();
  const textId = useId();
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  // showModal() gives us the focus trap, Escape and inert background for free.
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    // The safe choice has focus, so Enter or Space by reflex does not delete anything.
    cancelButton.current?.focus();
    return () => element?.close();
  }, []);

  async function remove() {
    if (removing) return;
    setRemoving(true);
    setError(null);
    try {
      await api.call('accounts.remove', { id: account.id });
      onRemoved(account.id);
    } catch (failure) {
      setError(toApiError(failure));
      setRemoving(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={headingId}
      aria-describedby={textId}
      onCancel={(event) => {
        // Escape while the removal is under way would hide its outcome.
        if (removing) event.preventDefault();
      }}
      onClose={onClose}
    >
      <h2 id={headingId}>Remove {account.email}?</h2>
      <div id={textId}>
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
      </div>
      {error && (
        <p className="error-text" role="alert">
          Could not remove the account: {error.message}
        </p>
      )}
      <div className="dialog-actions">
        <span className="muted dialog-progress" role="status">
          {removing ? 'Removing…' : ''}
        </span>
        <button ref={cancelButton} type="button" className="button" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button type="button" className="button danger-fill" aria-disabled={removing || undefined} onClick={() => void remove()}>
          Remove account
        </button>
      </div>
    </dialog>
  );
}

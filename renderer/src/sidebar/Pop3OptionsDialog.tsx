import { type FormEvent, useId, useRef, useState } from 'react';
import { type Account, DEFAULT_POP3_DELETE_AFTER_DAYS, DEFAULT_POP3_OPTIONS, pop3OptionsSchema } from '../../../shared/accounts';
import type { ApiError } from '../../../shared/errors';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { ModalDialog } from '../components/ModalDialog';

interface Props {
  account: Account;
  onClose: () => void;
}

/** A POP3 account's download choices: what stays on the server, and how often to check. */
export function Pop3OptionsDialog({ account, onClose }: Props) {
  const api = useApi();
  const dialog = useRef<HTMLDialogElement>(null);
  const first = useRef<HTMLInputElement>(null);
  const ids = { leave: useId(), after: useId(), days: useId(), deleted: useId(), every: useId(), error: useId() };
  const saved = account.options.pop3 ?? DEFAULT_POP3_OPTIONS;
  const [leaveOnServer, setLeaveOnServer] = useState(saved.leaveOnServer);
  const [deleteAfter, setDeleteAfter] = useState(saved.deleteAfterDays !== null);
  const [days, setDays] = useState(String(saved.deleteAfterDays ?? DEFAULT_POP3_DELETE_AFTER_DAYS));
  const [deleteWhenDeletedHere, setDeleteWhenDeletedHere] = useState(saved.deleteWhenDeletedHere);
  const [minutes, setMinutes] = useState(String(saved.checkEveryMinutes));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const pop3 = pop3OptionsSchema.safeParse({
      leaveOnServer,
      deleteAfterDays: deleteAfter ? Number(days) : null,
      deleteWhenDeletedHere,
      checkEveryMinutes: Number(minutes),
    });
    if (!pop3.success) {
      setError('Enter whole numbers: days from 1, minutes from 1 to 1440.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.call('accounts.setOptions', { id: account.id, options: { bodyDays: account.options.bodyDays, pop3: pop3.data } });
      dialog.current?.close();
    } catch (failure) {
      setError(toApiError(failure));
      setBusy(false);
    }
  }

  return (
    <ModalDialog
      title={`Download settings for ${account.email}`}
      description={<p className="muted">This account downloads its mail (POP3) and keeps it on this computer.</p>}
      busy={busy}
      initialFocus={first}
      onClose={onClose}
      dialogRef={dialog}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="check-field">
          <input
            ref={first}
            id={ids.leave}
            type="checkbox"
            checked={leaveOnServer}
            onChange={(event) => setLeaveOnServer(event.target.checked)}
          />
          <label htmlFor={ids.leave}>Leave messages on the server</label>
        </div>
        <div className="check-field nested">
          <input
            id={ids.after}
            type="checkbox"
            checked={deleteAfter}
            disabled={!leaveOnServer}
            onChange={(event) => setDeleteAfter(event.target.checked)}
          />
          <label htmlFor={ids.after}>Delete them from the server after</label>
          <input
            id={ids.days}
            className="number-input"
            type="number"
            min={1}
            max={36500}
            value={days}
            disabled={!leaveOnServer || !deleteAfter}
            aria-label="Days before deleting from the server"
            onChange={(event) => setDays(event.target.value)}
          />
          <span aria-hidden="true">days</span>
        </div>
        <div className="check-field nested">
          <input
            id={ids.deleted}
            type="checkbox"
            checked={deleteWhenDeletedHere}
            disabled={!leaveOnServer}
            onChange={(event) => setDeleteWhenDeletedHere(event.target.checked)}
          />
          <label htmlFor={ids.deleted}>Delete them from the server when I delete them here</label>
        </div>
        <div className="check-field">
          <label htmlFor={ids.every}>Check for new mail every</label>
          <input
            id={ids.every}
            className="number-input"
            type="number"
            min={1}
            max={1440}
            value={minutes}
            onChange={(event) => setMinutes(event.target.value)}
          />
          <span aria-hidden="true">minutes</span>
        </div>
        {error && (
          <p id={ids.error} className="error-text dialog-error" role="alert">
            Could not save: {typeof error === 'string' ? error : error.message}
          </p>
        )}
        <div className="dialog-actions">
          <span className="muted dialog-progress" role="status">
            {busy ? 'Saving…' : ''}
          </span>
          <button type="button" className="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="button primary" aria-disabled={busy || undefined}>
            Save
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

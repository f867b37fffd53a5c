import { useRef, useState } from 'react';
import type { ApiError } from '../../../shared/errors';
import type { Folder } from '../../../shared/mail';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { ModalDialog } from '../components/ModalDialog';
import { formatCount } from '../mail/format';

interface Props {
  folder: Folder;
  onDone: () => void;
  onClose: () => void;
}

/** Asks before deleting, and says what goes: the folder and its mail, on the server, for every app. */
export function DeleteFolderDialog({ folder, onDone, onClose }: Props) {
  const api = useApi();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function remove() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await api.call('folders.delete', { id: folder.id });
      onDone();
    } catch (failure) {
      setError(toApiError(failure));
      setBusy(false);
    }
  }

  // The count is the store's: a folder still being synced may hold more on the server.
  const mail =
    folder.total > 0 ? `the ${folder.total === 1 ? 'message' : `${formatCount(folder.total)} messages`} in it` : 'any mail in it';
  return (
    <ModalDialog
      title={`Delete ${folder.name}?`}
      description={
        <>
          <p>
            This deletes the folder “{folder.name}” and {mail} on the server.
          </p>
          <p className="muted">It cannot be undone, and your other mail apps lose the folder too.</p>
        </>
      }
      busy={busy}
      // The safe choice has focus, so Enter or Space by reflex deletes nothing.
      initialFocus={cancelButton}
      onClose={onClose}
      dialogRef={dialog}
    >
      {error && (
        <p className="error-text dialog-error" role="alert">
          Could not delete the folder: {error.message}
        </p>
      )}
      <div className="dialog-actions">
        <span className="muted dialog-progress" role="status">
          {busy ? 'Deleting…' : ''}
        </span>
        <button ref={cancelButton} type="button" className="button" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button type="button" className="button danger-fill" aria-disabled={busy || undefined} onClick={() => void remove()}>
          Delete folder
        </button>
      </div>
    </ModalDialog>
  );
}

import { type ReactNode, useRef, useState } from 'react';
import type { ApiError } from '../../../shared/errors';
import { toApiError } from '../api/errors';
import { ModalDialog } from './ModalDialog';

interface Props {
  title: string;
  /** What exactly will be lost: read with the title when the dialog opens. */
  description: ReactNode;
  /** The destructive button's words, e.g. "Remove account". */
  confirmLabel: string;
  /** Shown while the action runs, e.g. "Removing…". */
  busyLabel: string;
  /** Put before the core's message when the action fails, e.g. "Could not remove the account". */
  failurePrefix: string;
  action: () => Promise<void>;
  onDone: () => void;
  onClose: () => void;
}

/**
 * Asks before something that cannot be undone. The safe choice (Cancel) has
 * focus, so Enter or Space by reflex destroys nothing; a failure is shown in
 * the core's words and the dialog stays open.
 */
export function ConfirmDangerDialog({ title, description, confirmLabel, busyLabel, failurePrefix, action, onDone, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function confirm() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await action();
      onDone();
    } catch (failure) {
      setError(toApiError(failure));
      setBusy(false);
    }
  }

  return (
    <ModalDialog title={title} description={description} busy={busy} initialFocus={cancelButton} onClose={onClose} dialogRef={dialog}>
      {error && (
        <p className="error-text dialog-error" role="alert">
          {failurePrefix}: {error.message}
        </p>
      )}
      <div className="dialog-actions">
        <span className="muted dialog-progress" role="status">
          {busy ? busyLabel : ''}
        </span>
        <button ref={cancelButton} type="button" className="button" onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button type="button" className="button danger-fill" aria-disabled={busy || undefined} onClick={() => void confirm()}>
          {confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}

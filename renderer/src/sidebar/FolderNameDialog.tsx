import { type FormEvent, useId, useRef, useState } from 'react';
import type { Account } from '../../../shared/accounts';
import { ApiError } from '../../../shared/errors';
import type { Folder } from '../../../shared/mail';
import { useApi } from '../api/context';
import { toApiError } from '../api/errors';
import { ModalDialog } from '../components/ModalDialog';
import { folderNameProblem } from './folder-actions';

type Props = ({ kind: 'create'; account: Account; parent: Folder | null } | { kind: 'rename'; folder: Folder }) & {
  /** The account's folders live on this computer only (POP3), not on a server. */
  local: boolean;
  /** The server made the change; `folder` is the new or renamed folder as the core now lists it. */
  onDone: (folder: Folder) => void;
  onClose: () => void;
};

/** "New folder", "New subfolder" and "Rename": one name, sent to the server, its refusal shown here. */
export function FolderNameDialog(props: Props) {
  const api = useApi();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const fieldId = useId();
  const errorId = useId();
  const renaming = props.kind === 'rename';
  const [name, setName] = useState(renaming ? props.folder.name : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const title = renaming
    ? `Rename ${props.folder.name}`
    : props.parent
      ? `New subfolder of ${props.parent.name}`
      : `New folder in ${props.account.email}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (renaming && name.trim() === props.folder.name) return dialog.current?.close();
    const problem = folderNameProblem(name);
    if (problem) {
      setError(new ApiError('invalid_argument', problem));
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const folder = renaming
        ? await api.call('folders.rename', { id: props.folder.id, name })
        : await api.call('folders.create', {
            accountId: props.account.id,
            name,
            ...(props.parent ? { parentId: props.parent.id } : {}),
          });
      props.onDone(folder);
    } catch (failure) {
      setError(toApiError(failure));
      setBusy(false);
    }
  }

  // A refused name belongs to the field (read with it, marked invalid); "offline" belongs to the dialog.
  const nameRefused = error?.code === 'invalid_argument';

  return (
    <ModalDialog
      title={title}
      description={
        <p className="muted">
          {props.local
            ? 'This account keeps its folders on this computer only.'
            : `${renaming ? 'Tidings renames it on the server' : 'Tidings creates it on the server'}, so your other mail apps see the change too.`}
        </p>
      }
      busy={busy}
      initialFocus={input}
      onClose={props.onClose}
      dialogRef={dialog}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={fieldId}>Folder name</label>
          <input
            ref={input}
            id={fieldId}
            value={name}
            onChange={(event) => setName(event.target.value)}
            onFocus={(event) => renaming && event.target.select()}
            autoComplete="off"
            spellCheck={false}
            maxLength={200}
            aria-invalid={nameRefused || undefined}
            aria-describedby={nameRefused ? errorId : undefined}
          />
        </div>
        {error && (
          <p id={errorId} className="error-text dialog-error" role="alert">
            Could not {renaming ? 'rename' : 'create'} the folder: {error.message}
          </p>
        )}
        <div className="dialog-actions">
          <span className="muted dialog-progress" role="status">
            {busy ? (renaming ? 'Renaming…' : 'Creating…') : ''}
          </span>
          <button type="button" className="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="button primary" aria-disabled={busy || undefined}>
            {renaming ? 'Rename' : 'Create'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

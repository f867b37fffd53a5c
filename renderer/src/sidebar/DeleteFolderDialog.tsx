import type { Folder } from '../../../shared/mail';
import { useApi } from '../api/context';
import { formatCount } from '../common/format';
import { ConfirmDangerDialog } from '../components/ConfirmDangerDialog';

interface Props {
  folder: Folder;
  /** The account's folders live on this computer only (POP3). */
  local: boolean;
  onDone: () => void;
  onClose: () => void;
}

/** Asks before deleting, and says what goes: the folder and its mail, on the server, for every app. */
export function DeleteFolderDialog({ folder, local, onDone, onClose }: Props) {
  const api = useApi();
  // The count is the store's: a folder still being synced may hold more on the server.
  const mail =
    folder.total > 0 ? `the ${folder.total === 1 ? 'message' : `${formatCount(folder.total)} messages`} in it` : 'any mail in it';
  return (
    <ConfirmDangerDialog
      title={`Delete ${folder.name}?`}
      description={
        <>
          <p>
            This deletes the folder “{folder.name}” and {mail} {local ? 'from this computer' : 'on the server'}.
          </p>
          <p className="muted">{local ? 'It cannot be undone.' : 'It cannot be undone, and your other mail apps lose the folder too.'}</p>
        </>
      }
      confirmLabel="Delete folder"
      busyLabel="Deleting…"
      failurePrefix="Could not delete the folder"
      action={async () => {
        await api.call('folders.delete', { id: folder.id });
      }}
      onDone={onDone}
      onClose={onClose}
    />
  );
}

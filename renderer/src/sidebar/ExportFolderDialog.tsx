import { useEffect, useRef, useState } from 'react';
import type { Folder } from '../../../shared/mail';
import { toApiError } from '../api/errors';
import { ModalDialog } from '../components/ModalDialog';
import { offerDownload, useTransferActions } from '../queries/useTransfer';

/** "Export folder…" from a folder's menu: writes it as an mboxrd file and offers the download (Settings › Import & export does more). */
export function ExportFolderDialog({ folder, onDone, onClose }: { folder: Folder; onDone: () => void; onClose: () => void }) {
  const actions = useTransferActions();
  const [failure, setFailure] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    actions
      .exportMbox({ folderId: folder.id })
      .then((file) => {
        offerDownload(file.fileName, file.bytes);
        onDone();
      })
      .catch((error: unknown) => setFailure(toApiError(error).message));
  }, [actions, folder.id, onDone]);
  return (
    <ModalDialog title={`Export ${folder.name}`} busy={failure === null} onClose={onClose}>
      {failure === null ? <p>Writing the folder as an mbox file…</p> : <p role="alert">Could not export the folder: {failure}</p>}
      {failure !== null && (
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
        </div>
      )}
    </ModalDialog>
  );
}

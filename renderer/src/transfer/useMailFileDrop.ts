import { useEffect, useRef } from 'react';
import type { Folder } from '../../../shared/mail';
import { toApiError } from '../api/errors';
import { useToast } from '../components/Toasts';
import { useTransferActions } from '../queries/useTransfer';

/** Files dropped on the window that are mail: imported into the folder shown. */
const MAIL_FILE = /\.(eml|emlx|mbox|mbx)$/i;

/**
 * Mail files (.eml, .emlx, mbox) dropped anywhere on the mail page go into
 * the folder shown, through the same import as Settings › Import & export.
 * A drop something else took (compose's attachments, a drop zone) is left
 * alone: it called preventDefault first.
 */
export function useMailFileDrop(folder: Folder | null): void {
  const actions = useTransferActions();
  const toast = useToast();
  const latest = useRef({ folder, actions, toast });
  latest.current = { folder, actions, toast };
  useEffect(() => {
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const onDragOver = (event: DragEvent) => {
      if (!event.defaultPrevented && carriesFiles(event) && latest.current.folder?.selectable) event.preventDefault();
    };
    const onDrop = (event: DragEvent) => {
      if (event.defaultPrevented || !carriesFiles(event)) return;
      event.preventDefault();
      const { folder: into, actions: act, toast: say } = latest.current;
      const files = [...(event.dataTransfer?.files ?? [])].filter((file) => MAIL_FILE.test(file.name));
      if (!into?.selectable || files.length === 0) {
        say('Drop .eml, .emlx or mbox files on a folder to import them.');
        return;
      }
      act
        .uploadAndImport(
          files.map((file) => ({ path: file.name, file })),
          into.id,
        )
        .then(() => say(`Importing ${files.length === 1 ? files[0]?.name : `${files.length} files`} into ${into.name}…`))
        .catch((failure: unknown) => say(`Could not import: ${toApiError(failure).message}`));
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
}

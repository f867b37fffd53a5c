import type { Folder } from '../../../shared/mail';
import { DeleteFolderDialog } from './DeleteFolderDialog';
import { ExportFolderDialog } from './ExportFolderDialog';
import { FolderNameDialog } from './FolderNameDialog';
import { type FolderRequest, foldersAreLocal } from './folder-actions';

interface Props {
  request: FolderRequest;
  /** The server made the change: `folder` is the new or renamed one (undefined after a delete). */
  onDone: (request: FolderRequest, folder?: Folder) => void;
  onClose: () => void;
}

/** The dialog for one folder request. */
export function FolderDialog({ request, onDone, onClose }: Props) {
  switch (request.kind) {
    case 'create':
      return (
        <FolderNameDialog
          kind="create"
          account={request.account}
          parent={request.parent}
          local={foldersAreLocal(request.account)}
          onDone={(folder) => onDone(request, folder)}
          onClose={onClose}
        />
      );
    case 'rename':
      return (
        <FolderNameDialog
          kind="rename"
          folder={request.folder}
          local={foldersAreLocal(request.account)}
          onDone={(folder) => onDone(request, folder)}
          onClose={onClose}
        />
      );
    case 'export':
      return <ExportFolderDialog folder={request.folder} onDone={onClose} onClose={onClose} />;
    case 'delete':
      return (
        <DeleteFolderDialog
          folder={request.folder}
          local={foldersAreLocal(request.account)}
          onDone={() => onDone(request)}
          onClose={onClose}
        />
      );
  }
}

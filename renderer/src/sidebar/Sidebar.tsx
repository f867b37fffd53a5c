import type { Account } from '../../../shared/accounts';
import type { ApiError } from '../../../shared/errors';
import type { Folder } from '../../../shared/mail';
import type { SyncProgress } from '../mail/useSyncProgress';
import { AccountSection } from './AccountSection';
import { useCollapsedFolders } from './useCollapsedFolders';

interface Props {
  accounts: Account[];
  folders: ReadonlyMap<string, Folder[]>;
  /** The last failure to read a folder list. */
  foldersError: ApiError | null;
  progress: ReadonlyMap<string, SyncProgress>;
  selectedFolderId: number | null;
  onSelectFolder: (folder: Folder) => void;
  onDropMessages: (ids: number[], folder: Folder) => void;
  onRetrySync: (account: Account) => Promise<void>;
  onRemove: (account: Account) => void;
  onAddAccount: () => void;
  /** A failure to refresh the accounts (the list shown may be out of date). */
  error: ApiError | null;
  onRetry: () => void;
}

export function Sidebar(props: Props) {
  const { accounts, folders, progress, error } = props;
  const collapsed = useCollapsedFolders();
  return (
    <nav className="sidebar" aria-label="Mailboxes">
      <div className="sidebar-scroll">
        {accounts.map((account) => (
          <AccountSection
            key={account.id}
            account={account}
            folders={folders.get(account.id)}
            foldersError={props.foldersError}
            progress={progress.get(account.id)}
            selectedFolderId={props.selectedFolderId}
            collapsed={collapsed}
            onSelectFolder={props.onSelectFolder}
            onDropMessages={props.onDropMessages}
            onRetry={() => props.onRetrySync(account)}
            onRemove={() => props.onRemove(account)}
          />
        ))}
      </div>
      {error && (
        <div className="sidebar-error" role="alert">
          <p>Could not refresh the accounts: {error.message}</p>
          <button type="button" className="link-button" onClick={props.onRetry}>
            Try again
          </button>
        </div>
      )}
      <div className="sidebar-footer">
        <button type="button" className="button sidebar-add" data-focus="add-account" onClick={props.onAddAccount}>
          <span aria-hidden="true" className="plus">
            +
          </span>
          Add account
        </button>
      </div>
    </nav>
  );
}

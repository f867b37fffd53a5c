import { type CSSProperties, type DragEvent, type ReactNode, useId, useMemo } from 'react';
import type { Account } from '../../../shared/accounts';
import type { ApiError } from '../../../shared/errors';
import type { Folder } from '../../../shared/mail';
import { accountHue } from '../common/account-colors';
import { Icon } from '../components/icons';
import type { SyncProgress } from '../queries/useSyncProgress';
import { AccountSyncStatus } from './AccountSyncStatus';
import type { DropSide } from './account-order';
import { FolderTree } from './FolderTree';
import { canManageFolders, type FolderRequest, folderMenuItems } from './folder-actions';
import { buildFolderTree } from './folder-tree';
import type { CollapsedFolders } from './useCollapsedFolders';

interface Props {
  account: Account;
  /** undefined until the first folder list arrives. */
  folders: Folder[] | undefined;
  foldersError: ApiError | null;
  progress: SyncProgress | undefined;
  selectedFolderId: number | null;
  collapsed: CollapsedFolders;
  onSelectFolder: (folder: Folder) => void;
  onDropMessages: (ids: number[], folder: Folder) => void;
  onRetry: () => Promise<void>;
  onRemove: () => void;
  /** Opens the account's settings; at the password field when the sign-in needs it. */
  onEdit: (focus?: 'password') => void;
  /** Where the account's colour comes from when it has none of its own: its place in the list. */
  index: number;
  /** New folder, rename, delete: the sidebar asks in a dialog. */
  onFolderRequest: (request: FolderRequest) => void;
  /** Shown below the folders (the Outbox). */
  extra?: ReactNode;
  /** Dragging the account's name onto another account reorders them (absent with one account). */
  drag?: AccountDragProps | undefined;
}

export interface AccountDragProps {
  /** Where the dragged account would land if dropped here now; null when none is over this one. */
  dropSide: DropSide | null;
  onDragStart: (event: DragEvent<HTMLElement>) => void;
  onDragEnd: () => void;
  onDragOver: (event: DragEvent<HTMLElement>) => void;
  onDrop: (event: DragEvent<HTMLElement>) => void;
}

/** One account in the sidebar: its name and state, then its folders. */
export function AccountSection(props: Props) {
  const { account, folders, progress, selectedFolderId, collapsed } = props;
  const headingId = useId();
  const tree = useMemo(() => (folders ? buildFolderTree(folders) : []), [folders]);

  return (
    <section
      className={`account-section${props.drag?.dropSide ? ` drop-${props.drag.dropSide}` : ''}`}
      aria-labelledby={headingId}
      style={{ '--account-hue': accountHue(account, props.index) } as CSSProperties}
      onDragOver={props.drag?.onDragOver}
      onDrop={props.drag?.onDrop}
    >
      <header
        className="account-header"
        draggable={props.drag ? true : undefined}
        title={props.drag ? 'Drag onto another account to change the order' : undefined}
        onDragStart={props.drag?.onDragStart}
        onDragEnd={props.drag?.onDragEnd}
      >
        <div className="account-title-row">
          <span className="account-dot" aria-hidden="true" />
          {/* Focus lands here after the account is added (App's focusTarget). */}
          <h2 id={headingId} className="account-name" tabIndex={-1} data-focus={`account-${account.id}`}>
            {account.name || account.email}
          </h2>
          {canManageFolders(account) && (
            <button
              type="button"
              className="account-new-folder"
              aria-label={`New folder in ${account.email}`}
              title="New folder"
              onClick={() => props.onFolderRequest({ kind: 'create', account, parent: null })}
            >
              <Icon name="plus" />
            </button>
          )}
          <button
            type="button"
            className="account-edit"
            aria-label={`Settings of ${account.email}`}
            title="Account settings (Ctrl+,)"
            onClick={() => props.onEdit()}
          >
            <Icon name="settings" />
          </button>
        </div>
        {account.name && account.name !== account.email && (
          // title: the full address when a long one is cut off with an ellipsis.
          <p className="account-email" title={account.email}>
            {account.email}
          </p>
        )}
        <AccountSyncStatus account={account} progress={progress} onRetry={props.onRetry} onEnterPassword={() => props.onEdit('password')} />
      </header>
      {folders === undefined ? (
        props.foldersError ? (
          <p className="folder-note error-text">Could not read the folders: {props.foldersError.message}</p>
        ) : (
          <p className="folder-note muted">Loading folders…</p>
        )
      ) : tree.length === 0 ? (
        <p className="folder-note muted">No folders yet</p>
      ) : (
        <FolderTree
          label={`Folders of ${account.email}`}
          nodes={tree}
          selectedFolderId={selectedFolderId}
          onSelect={props.onSelectFolder}
          onDropMessages={props.onDropMessages}
          collapsed={collapsed}
          menuFor={(folder) => folderMenuItems(account, folder, props.onFolderRequest)}
          gmail={account.imapFlavor === 'gmail'}
        />
      )}
      {account.incoming.protocol === 'pop3' && (
        <button
          type="button"
          className="link-button account-settings"
          aria-label={`Download settings for ${account.email}`}
          onClick={() => props.onEdit()}
        >
          Download settings
        </button>
      )}
      {props.extra}
      {/* The visible words come first in the name (label-in-name); the address tells the buttons apart. */}
      <button type="button" className="link-button remove-account" aria-label={`Remove account ${account.email}`} onClick={props.onRemove}>
        Remove account
      </button>
    </section>
  );
}

import { type ReactNode, useRef, useState } from 'react';
import type { Account } from '../../../shared/accounts';
import type { ApiError } from '../../../shared/errors';
import type { Folder, UnifiedView, ViewCounts } from '../../../shared/mail';
import type { SyncProgress } from '../queries/useSyncProgress';
import { type AccountDragProps, AccountSection } from './AccountSection';
import { ACCOUNT_DRAG_TYPE, type DropSide, dropSide, isAccountDrag, reordered } from './account-order';
import { FolderDialog } from './FolderDialogs';
import type { FolderRequest } from './folder-actions';
import { UnifiedViews } from './UnifiedViews';
import { useCollapsedFolders } from './useCollapsedFolders';
import { useFocusWhenShown } from './useFocusWhenShown';

interface Props {
  accounts: Account[];
  folders: ReadonlyMap<string, Folder[]>;
  /** The last failure to read a folder list. */
  foldersError: ApiError | null;
  progress: ReadonlyMap<string, SyncProgress>;
  selectedFolderId: number | null;
  onSelectFolder: (folder: Folder) => void;
  /** The views across every account (All Inboxes, ...), with their counts. */
  viewCounts: ReadonlyMap<UnifiedView, ViewCounts>;
  selectedView: UnifiedView | null;
  onSelectView: (view: UnifiedView) => void;
  onDropMessages: (ids: number[], folder: Folder) => void;
  onRetrySync: (account: Account) => Promise<void>;
  onRemove: (account: Account) => void;
  /** The accounts in a new order (an account's name dragged onto another). */
  onReorderAccounts: (ids: string[]) => void;
  /** Opens an account's settings (at the password field when its sign-in needs one). */
  onEditAccount: (account: Account, focus?: 'password') => void;
  /** Re-read an account's folders now (the core's store.changed would also do it, a moment later). */
  onReloadFolders: (accountId: string) => Promise<void>;
  /** A folder was renamed on the server: it has a new id, and so do the folders inside it. */
  onFolderRenamed: (before: Folder, after: Folder) => void;
  onAddAccount: () => void;
  /** A failure to refresh the accounts (the list shown may be out of date). */
  error: ApiError | null;
  onRetry: () => void;
  /** Above the accounts (the "New message" button). */
  top?: ReactNode;
  /** Below an account's folders (its Outbox). */
  accountExtra?: (account: Account) => ReactNode;
}

export function Sidebar(props: Props) {
  const { accounts, folders, progress, error } = props;
  const collapsed = useCollapsedFolders();
  const nav = useRef<HTMLElement>(null);
  const [request, setRequest] = useState<FolderRequest | null>(null);
  const focusWhenShown = useFocusWhenShown(nav, folders);
  // The account being dragged (its id), and where it would land.
  const [dragged, setDragged] = useState<string | null>(null);
  const [dropAt, setDropAt] = useState<{ id: string; side: DropSide } | null>(null);

  function accountDrag(account: Account): AccountDragProps {
    return {
      dropSide: dragged && dragged !== account.id && dropAt?.id === account.id ? dropAt.side : null,
      onDragStart: (event) => {
        event.dataTransfer.effectAllowed = 'move';
        event.dataTransfer.setData(ACCOUNT_DRAG_TYPE, account.id);
        event.dataTransfer.setData('text/plain', account.name || account.email);
        setDragged(account.id);
      },
      onDragEnd: () => {
        setDragged(null);
        setDropAt(null);
      },
      onDragOver: (event) => {
        if (!isAccountDrag(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        const side = dropSide(event);
        if (dropAt?.id !== account.id || dropAt.side !== side) setDropAt({ id: account.id, side });
      },
      onDrop: (event) => {
        if (!isAccountDrag(event)) return;
        event.preventDefault();
        const moved = event.dataTransfer.getData(ACCOUNT_DRAG_TYPE);
        const next = reordered(
          accounts.map((a) => a.id),
          moved,
          account.id,
          dropSide(event),
        );
        setDragged(null);
        setDropAt(null);
        if (next) props.onReorderAccounts(next);
      },
    };
  }

  function onFolderDone(done: FolderRequest, folder?: Folder) {
    setRequest(null);
    const accountId = done.kind === 'create' ? done.account.id : done.folder.accountId;
    void props.onReloadFolders(accountId);
    if (done.kind === 'create' && done.parent && collapsed.has(done.parent.id)) collapsed.toggle(done.parent.id);
    if (done.kind === 'rename' && folder) props.onFolderRenamed(done.folder, folder);
    if (folder) {
      // The new or renamed folder, so the keyboard is where the change is (and a long tree scrolls to it).
      focusWhenShown(folder.selectable ? `folder-${folder.id}` : `folder-more-${folder.id}`);
    } else if (done.kind === 'delete') {
      // Its "More actions" button is gone with it: its parent, or the account.
      const parent = folders.get(accountId)?.find((f) => f.path === done.folder.parentPath && f.selectable);
      focusWhenShown(parent ? `folder-${parent.id}` : `account-${accountId}`);
    }
  }

  return (
    <nav ref={nav} className="sidebar" aria-label="Mailboxes">
      {props.top && <div className="sidebar-top">{props.top}</div>}
      <div className="sidebar-scroll">
        <UnifiedViews counts={props.viewCounts} selectedView={props.selectedView} onSelect={props.onSelectView} />
        {accounts.map((account, index) => (
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
            onEdit={(focus) => props.onEditAccount(account, focus)}
            index={index}
            onFolderRequest={setRequest}
            extra={props.accountExtra?.(account)}
            drag={accounts.length > 1 ? accountDrag(account) : undefined}
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
      {request && <FolderDialog request={request} onDone={onFolderDone} onClose={() => setRequest(null)} />}
    </nav>
  );
}

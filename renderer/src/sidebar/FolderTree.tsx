import { useState } from 'react';
import type { Folder } from '../../../shared/mail';
import { formatCount } from '../common/format';
import { labelOfFolder } from '../common/labels';
import { droppableOn, endMessageDrag } from '../common/message-drag';
import { folderIconName, Icon } from '../components/icons';
import type { MenuItem } from '../components/Menu';
import { FolderMenu, useFolderMenu } from './FolderMenu';
import { type FolderNode, showsUnread } from './folder-tree';
import type { CollapsedFolders } from './useCollapsedFolders';

interface Props {
  label: string;
  nodes: FolderNode[];
  selectedFolderId: number | null;
  onSelect: (folder: Folder) => void;
  onDropMessages: (ids: number[], folder: Folder) => void;
  collapsed: CollapsedFolders;
  /** A folder's actions (New subfolder, Rename, Delete); none: no menu. */
  menuFor: (folder: Folder) => MenuItem[];
  /** A Gmail account: its own folders are labels, and look like them. */
  gmail?: boolean;
}

/**
 * Folders as nested lists of buttons; a folder with subfolders has a
 * disclosure button before it, one with actions a "More actions" button after
 * it (and the same menu on right-click).
 */
export function FolderTree({ label, ...list }: Props) {
  return <FolderList {...list} label={label} />;
}

/** One level of the tree; the top level carries the tree's accessible name. */
function FolderList({ label, nodes, ...shared }: Omit<Props, 'label'> & { label?: string }) {
  return (
    <ul className="folder-list" aria-label={label}>
      {nodes.map((node) => (
        <FolderItem key={node.folder.id} node={node} {...shared} />
      ))}
    </ul>
  );
}

interface ItemProps extends Omit<Props, 'label' | 'nodes'> {
  node: FolderNode;
}

function FolderItem({ node, selectedFolderId, onSelect, onDropMessages, collapsed, menuFor, gmail }: ItemProps) {
  const { folder, children, depth } = node;
  const [dropping, setDropping] = useState(false);
  const menu = useFolderMenu();
  const actions = menuFor(folder);
  const open = !collapsed.has(folder.id);
  const selected = folder.id === selectedFolderId;
  const indent = { paddingInlineStart: `${6 + depth * 14}px` };

  const dropHandlers = folder.selectable
    ? {
        onDragOver: (event: React.DragEvent) => {
          if (!droppableOn(folder.accountId, folder.id)) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = 'move';
          setDropping(true);
        },
        onDragLeave: () => setDropping(false),
        onDrop: (event: React.DragEvent) => {
          const drag = droppableOn(folder.accountId, folder.id);
          setDropping(false);
          if (!drag) return;
          event.preventDefault();
          endMessageDrag();
          onDropMessages(drag.ids, folder);
        },
      }
    : {};

  const content = (
    <>
      <Icon name={gmail && labelOfFolder(folder) === folder.path ? 'label' : folderIconName(folder.role)} className="folder-icon" />
      {/* title: the whole name when a long one is cut off. */}
      <span className="folder-name" title={folder.name}>
        {folder.name}
      </span>
      {showsUnread(folder) && (
        <span className="badge">
          <span className="visually-hidden">, </span>
          {formatCount(folder.unread)}
          <span className="visually-hidden"> unread</span>
        </span>
      )}
    </>
  );

  return (
    <li>
      {/* Right-click is a shortcut for pointers: the same menu is on the "More actions" button, and the
          keyboard's context-menu key on the folder's button reaches this handler too. */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: see above */}
      <div
        className={`folder-row${selected ? ' selected' : ''}${dropping ? ' drop-target' : ''}`}
        style={indent}
        {...dropHandlers}
        onContextMenu={(event) => {
          // The row's own menu instead of the browser's (which offers nothing for a folder).
          if (actions.length === 0) return;
          event.preventDefault();
          if (!(event.target as Element).closest('[role="menu"]')) menu.open({ x: event.clientX, y: event.clientY });
        }}
      >
        {children.length > 0 ? (
          <button
            type="button"
            className="folder-toggle"
            aria-expanded={open}
            aria-label={`Subfolders of ${folder.name}`}
            onClick={() => collapsed.toggle(folder.id)}
          >
            <Icon name="chevron" />
          </button>
        ) : (
          <span className="folder-toggle-space" />
        )}
        {folder.selectable ? (
          <button
            type="button"
            className="folder-button"
            aria-current={selected ? 'page' : undefined}
            data-focus={`folder-${folder.id}`}
            onClick={() => onSelect(folder)}
          >
            {content}
          </button>
        ) : (
          // \Noselect: it holds folders, not mail, so it is a label, not a button.
          <span className="folder-group">{content}</span>
        )}
        {actions.length > 0 && <FolderMenu folder={folder} items={actions} menu={menu} />}
      </div>
      {children.length > 0 && open && (
        <FolderList
          nodes={children}
          selectedFolderId={selectedFolderId}
          onSelect={onSelect}
          onDropMessages={onDropMessages}
          collapsed={collapsed}
          menuFor={menuFor}
          gmail={gmail}
        />
      )}
    </li>
  );
}

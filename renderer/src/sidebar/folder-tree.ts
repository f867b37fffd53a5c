import type { Folder, FolderRole } from '../../../shared/mail';

// The sidebar's order: Inbox first, then the special folders in the order
// people look for them, then every other folder as a tree by parentPath.
// Special folders are pulled to the top wherever the server keeps them
// ("[Gmail]/Sent Mail", "INBOX.Drafts"), so a container left with nothing in
// it ("[Gmail]") is not shown.

export const ROLE_ORDER: readonly FolderRole[] = ['inbox', 'drafts', 'sent', 'archive', 'junk', 'trash', 'all', 'flagged'];

export interface FolderNode {
  folder: Folder;
  children: FolderNode[];
  depth: number;
}

const byName = (a: FolderNode, b: FolderNode) =>
  a.folder.name.localeCompare(b.folder.name, undefined, { sensitivity: 'base', numeric: true });

export function buildFolderTree(folders: readonly Folder[]): FolderNode[] {
  const nodes = new Map<string, FolderNode>();
  for (const folder of folders) nodes.set(folder.path, { folder, children: [], depth: 0 });

  const special: FolderNode[] = [];
  const others: FolderNode[] = [];
  for (const node of nodes.values()) {
    const { role, parentPath } = node.folder;
    const parent = parentPath === null ? undefined : nodes.get(parentPath);
    if (role) special.push(node);
    else if (parent) parent.children.push(node);
    else others.push(node);
  }

  special.sort((a, b) => ROLE_ORDER.indexOf(a.folder.role as FolderRole) - ROLE_ORDER.indexOf(b.folder.role as FolderRole));
  for (const node of special) node.children = prune(node.children).sort(byName);
  const roots = [...special, ...prune(others).sort(byName)];
  setDepth(roots, 0);
  return roots;
}

/** Drops \Noselect containers that hold nothing one could open. */
function prune(nodes: FolderNode[]): FolderNode[] {
  return nodes.filter((node) => {
    node.children = prune(node.children).sort(byName);
    return node.folder.selectable || node.children.length > 0;
  });
}

function setDepth(nodes: FolderNode[], depth: number): void {
  for (const node of nodes) {
    node.depth = depth;
    setDepth(node.children, depth + 1);
  }
}

/** Every folder of the tree in display order, for "Move to…" (with depth for indenting). */
export function flattenTree(nodes: readonly FolderNode[]): FolderNode[] {
  return nodes.flatMap((node) => [node, ...flattenTree(node.children)]);
}

/** Unread counts of Sent, Drafts and Trash say nothing useful; others get a badge. */
export function showsUnread(folder: Folder): boolean {
  return folder.unread > 0 && folder.role !== 'sent' && folder.role !== 'drafts' && folder.role !== 'trash';
}

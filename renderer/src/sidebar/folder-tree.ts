import type { Folder, FolderRole } from '../../../shared/mail';
import { compareLabels, isGmailSystemFolder } from '../common/labels';

// The sidebar's order: Inbox first, then the special folders in the order
// people look for them, then every other folder as a tree by parentPath.
// Special folders are pulled to the top wherever the server keeps them
// ("[Gmail]/Sent Mail", "INBOX.Drafts"). Gmail's own folders that have no
// role ("[Gmail]/Important") join them, after those with one: they are
// Gmail's, not the user's labels. So the "[Gmail]" container is left with
// nothing in it, and a container with nothing in it is not shown. A user's
// labels nest by their delimiter ("Receipts/2024" under "Receipts").

export const ROLE_ORDER: readonly FolderRole[] = ['inbox', 'drafts', 'sent', 'archive', 'junk', 'trash', 'all', 'flagged'];

export interface FolderNode {
  folder: Folder;
  children: FolderNode[];
  depth: number;
}

const byName = (a: FolderNode, b: FolderNode) => compareLabels(a.folder.name, b.folder.name);

export function buildFolderTree(folders: readonly Folder[]): FolderNode[] {
  const nodes = new Map<string, FolderNode>();
  for (const folder of folders) nodes.set(folder.path, { folder, children: [], depth: 0 });

  const special: FolderNode[] = [];
  const gmailOwn: FolderNode[] = [];
  const others: FolderNode[] = [];
  for (const node of nodes.values()) {
    const { role, parentPath, selectable } = node.folder;
    const parent = parentPath === null ? undefined : nodes.get(parentPath);
    if (role) special.push(node);
    else if (parentPath !== null && selectable && isGmailSystemFolder(node.folder)) gmailOwn.push(node);
    else if (parent) parent.children.push(node);
    else others.push(node);
  }

  special.sort((a, b) => ROLE_ORDER.indexOf(a.folder.role as FolderRole) - ROLE_ORDER.indexOf(b.folder.role as FolderRole));
  const pulledUp = [...special, ...gmailOwn.sort(byName)];
  for (const node of pulledUp) node.children = prune(node.children).sort(byName);
  const roots = [...pulledUp, ...prune(others).sort(byName)];
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

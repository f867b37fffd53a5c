import { describe, expect, it } from 'vitest';
import { buildFolderTree, type FolderNode, flattenTree } from '../../../renderer/src/sidebar/folder-tree';
import type { Folder, FolderRole } from '../../../shared/mail';

// The sidebar's tree (renderer/src/sidebar/folder-tree.ts) for a Gmail
// account: labels nest by "/", Gmail's folders sit with the special ones, and
// the "[Gmail]" container, left empty, is not shown.

let nextId = 1;
function folder(path: string, role: FolderRole | null = null, selectable = true, delimiter = '/'): Folder {
  const cut = path.lastIndexOf(delimiter);
  return {
    id: nextId++,
    accountId: 'g',
    path,
    name: role === 'inbox' ? 'Inbox' : path.slice(cut + 1),
    delimiter,
    parentPath: cut < 0 ? null : path.slice(0, cut),
    role,
    subscribed: true,
    selectable,
    total: 0,
    unread: 0,
  };
}

/** The tree as "name" lines, indented two spaces a level. */
function outline(nodes: FolderNode[]): string[] {
  return flattenTree(nodes).map((n) => `${'  '.repeat(n.depth)}${n.folder.name}`);
}

describe('the folder tree of a Gmail account', () => {
  it('puts Gmail own folders with the special ones and nests the labels', () => {
    const folders = [
      folder('[Gmail]/Trash', 'trash'),
      folder('Receipts/2024'),
      folder('[Gmail]', null, false),
      folder('[Gmail]/Important'),
      folder('Work'),
      folder('[Gmail]/All Mail', 'all'),
      folder('Receipts'),
      folder('[Gmail]/Sent Mail', 'sent'),
      folder('INBOX', 'inbox'),
      folder('[Gmail]/Starred', 'flagged'),
      folder('[Gmail]/Spam', 'junk'),
      folder('[Gmail]/Drafts', 'drafts'),
    ];
    expect(outline(buildFolderTree(folders))).toEqual([
      'Inbox',
      'Drafts',
      'Sent Mail',
      'Spam',
      'Trash',
      'All Mail',
      'Starred',
      'Important',
      'Receipts',
      '  2024',
      'Work',
    ]);
  });

  it('keeps a container of the user with its folders (only Gmail own container empties)', () => {
    const folders = [folder('INBOX', 'inbox'), folder('Lists', null, false), folder('Lists/Rust'), folder('Lists/Go')];
    expect(outline(buildFolderTree(folders))).toEqual(['Inbox', 'Lists', '  Go', '  Rust']);
  });

  it('shows a label that is also a parent ("Receipts" and "Receipts/2024") once, its child under it', () => {
    const tree = buildFolderTree([folder('Receipts/2024'), folder('Receipts')]);
    expect(tree).toHaveLength(1);
    expect(tree[0]?.children.map((n) => n.folder.path)).toEqual(['Receipts/2024']);
  });
});

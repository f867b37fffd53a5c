import { describe, expect, it } from 'vitest';
import { folderLabels } from '../../../renderer/src/common/folder-labels';
import { buildFolderTree, flattenTree } from '../../../renderer/src/sidebar/folder-tree';
import type { Folder, FolderRole } from '../../../shared/mail';

// A folder named outside the tree, and the tree itself, for a Cyrus account
// as the core lists it: personal folders under "INBOX." with no parent (shown
// at the top), deeper ones under theirs.

let nextId = 1;
function folder(path: string, parentPath: string | null, role: FolderRole | null = null, delimiter = '.'): Folder {
  return {
    id: nextId++,
    accountId: 'c',
    path,
    name: role === 'inbox' ? 'Inbox' : path.slice(path.lastIndexOf(delimiter) + 1),
    delimiter,
    parentPath,
    role,
    subscribed: true,
    selectable: true,
    total: 0,
    unread: 0,
  };
}

const cyrus = [
  folder('INBOX', null, 'inbox'),
  folder('INBOX.Sent', null, 'sent'),
  folder('INBOX.Lists', null),
  folder('INBOX.Lists.Rust', 'INBOX.Lists'),
  folder('INBOX.Receipts', null),
];

describe('folders of a server that keeps them under "INBOX." (Cyrus)', () => {
  it('are named from the top of the tree down, without "INBOX."', () => {
    const labels = folderLabels(cyrus);
    expect(cyrus.map((f) => labels.get(f.id))).toEqual(['Inbox', 'Sent', 'Lists', 'Lists.Rust', 'Receipts']);
  });

  it('sit beside the Inbox in the tree, not inside it', () => {
    const outline = flattenTree(buildFolderTree(cyrus)).map((n) => `${'  '.repeat(n.depth)}${n.folder.name}`);
    expect(outline).toEqual(['Inbox', 'Sent', 'Lists', '  Rust', 'Receipts']);
  });

  it('on Dovecot the label is the path; a parent the server did not list is named by its path', () => {
    const dovecot = [folder('INBOX', null, 'inbox', '/'), folder('Lists/Rust', 'Lists', null, '/'), folder('A/B', 'A', null, '/')];
    dovecot.push(folder('A', null, null, '/'));
    const labels = folderLabels(dovecot.slice(0, 2));
    expect(labels.get(dovecot[1]?.id as number)).toBe('Lists/Rust');
    expect(folderLabels(dovecot).get(dovecot[2]?.id as number)).toBe('A/B');
  });
});

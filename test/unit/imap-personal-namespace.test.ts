import { describe, expect, it } from 'vitest';
import { foldersWithRoles, type ListedFolder } from '../../main/imap/folder-list';
import { personalPrefix, shownParentPath, shownPath, topLevelPath } from '../../main/imap/personal-namespace';

// Personal folders under "INBOX." (Cyrus, Courier) are shown at the top of
// the tree, as Thunderbird and Apple Mail show them; the server path stays.

function entry(path: string, delimiter: string, flags: string[] = []): ListedFolder {
  const at = path.lastIndexOf(delimiter);
  return {
    path,
    name: at === -1 ? path : path.slice(at + 1),
    delimiter,
    parentPath: at === -1 ? '' : path.slice(0, at),
    flags: new Set(flags),
    subscribed: true,
  };
}

const tree = (entries: ListedFolder[], prefix: string) =>
  Object.fromEntries(foldersWithRoles(entries, { prefix }).map((f) => [f.path, { parent: f.parentPath, role: f.role }]));

describe('the personal namespace', () => {
  it('Cyrus ("INBOX." and "."): folders right under INBOX. are at the top, deeper ones under their parent, roles kept', () => {
    const listed = [
      entry('INBOX', '.'),
      entry('INBOX.Sent', '.', ['\\Sent']),
      entry('INBOX.Trash', '.'),
      entry('INBOX.Receipts', '.'),
      entry('INBOX.Receipts.2026', '.'),
      entry('user.bob.Shared', '.'),
    ];
    expect(tree(listed, 'INBOX.')).toEqual({
      INBOX: { parent: null, role: 'inbox' },
      'INBOX.Sent': { parent: null, role: 'sent' },
      'INBOX.Trash': { parent: null, role: 'trash' }, // by name, as INBOX's child on the server
      'INBOX.Receipts': { parent: null, role: null },
      'INBOX.Receipts.2026': { parent: 'INBOX.Receipts', role: null },
      'user.bob.Shared': { parent: 'user.bob', role: null }, // another namespace: as the server has it
    });
  });

  it('Cyrus with unixhierarchysep ("INBOX/" and "/"): the same at "/"; a "." inside a name is no level', () => {
    const listed = [entry('INBOX', '/'), entry('INBOX/v1.2 release', '/'), entry('INBOX/Lists/Rust', '/')];
    expect(tree(listed, 'INBOX/')).toEqual({
      INBOX: { parent: null, role: 'inbox' },
      'INBOX/v1.2 release': { parent: null, role: null },
      'INBOX/Lists/Rust': { parent: 'INBOX/Lists', role: null },
    });
  });

  it('Dovecot (prefix ""): nothing changes, a folder the user made inside INBOX stays there', () => {
    const listed = [entry('INBOX', '/'), entry('INBOX/Sub', '/'), entry('Receipts', '/'), entry('Receipts/2026', '/')];
    expect(tree(listed, '')).toEqual({
      INBOX: { parent: null, role: 'inbox' },
      'INBOX/Sub': { parent: 'INBOX', role: null },
      Receipts: { parent: null, role: null },
      'Receipts/2026': { parent: 'Receipts', role: null },
    });
    expect(shownParentPath({ parentPath: 'INBOX', delimiter: '/' }, '')).toBe('INBOX');
  });

  it('new top-level folders go into the namespace; sentences leave its prefix out', () => {
    expect(topLevelPath('Receipts', 'INBOX.')).toBe('INBOX.Receipts');
    expect(topLevelPath('Receipts', '')).toBe('Receipts');
    expect(shownPath('INBOX.Lists.Rust', 'INBOX.')).toBe('Lists.Rust');
    expect(shownPath('INBOX', 'INBOX.')).toBe('INBOX');
    expect(shownPath('Lists/Rust', '')).toBe('Lists/Rust');
    expect(shownPath('user.bob.Shared', 'INBOX.')).toBe('user.bob.Shared');
    expect(personalPrefix({ namespace: { prefix: 'INBOX.', delimiter: '.' } } as Parameters<typeof personalPrefix>[0])).toBe('INBOX.');
    expect(personalPrefix({ namespace: undefined })).toBe('');
  });
});

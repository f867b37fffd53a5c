import { describe, expect, it } from 'vitest';
import {
  applyLabelChange,
  filterLabels,
  isCreatableLabel,
  isGmailSystemFolder,
  labelChoices,
  labelFolders,
  labelOfFolder,
  labelState,
  toggleChange,
} from '../../../renderer/src/common/labels';
import type { Folder, FolderRole } from '../../../shared/mail';

// Gmail's labels in the UI (renderer/src/common/labels.ts): which folders are
// a user's labels, a label's checkbox across a selection, what toggling it
// asks the core, and the popover's filter with "Create label".

function folder(path: string, role: FolderRole | null = null, selectable = true): Folder {
  const cut = path.lastIndexOf('/');
  return {
    id: path.length,
    accountId: 'g',
    path,
    name: role === 'inbox' ? 'Inbox' : path.slice(cut + 1),
    delimiter: '/',
    parentPath: cut < 0 ? null : path.slice(0, cut),
    role,
    subscribed: true,
    selectable,
    total: 0,
    unread: 0,
  };
}

/** A Gmail account's folder list, as its LIST shows it (in the server's order). */
const GMAIL: Folder[] = [
  folder('INBOX', 'inbox'),
  folder('Work'),
  folder('Receipts/2024'),
  folder('Receipts'),
  folder('[Gmail]', null, false),
  folder('[Gmail]/All Mail', 'all'),
  folder('[Gmail]/Important'),
  folder('[Gmail]/Sent Mail', 'sent'),
  folder('[Gmail]/Spam', 'junk'),
  folder('[Gmail]/Starred', 'flagged'),
  folder('[Gmail]/Trash', 'trash'),
  folder('[Google Mail]/Chats'),
  folder('Lists', null, false),
  folder('Lists/Rust'),
];

describe('which folders are labels', () => {
  it('offers the user labels only: no role, selectable, not Gmail own; nested ones by their full name, sorted', () => {
    expect(labelFolders(GMAIL).map((f) => f.path)).toEqual(['Lists/Rust', 'Receipts', 'Receipts/2024', 'Work']);
  });

  it('knows Gmail own folders, in either of its names', () => {
    expect(isGmailSystemFolder({ path: '[Gmail]' })).toBe(true);
    expect(isGmailSystemFolder({ path: '[Gmail]/Important' })).toBe(true);
    expect(isGmailSystemFolder({ path: '[Google Mail]/Spam' })).toBe(true);
    expect(isGmailSystemFolder({ path: '[Gmail] notes' })).toBe(false);
    expect(isGmailSystemFolder({ path: 'Work' })).toBe(false);
  });

  it('names the label a folder stands for: \\Inbox, a label folder by its path, none for the rest', () => {
    const byPath = (path: string) => GMAIL.find((f) => f.path === path) as Folder;
    expect(labelOfFolder(byPath('INBOX'))).toBe('\\Inbox');
    expect(labelOfFolder(byPath('Receipts/2024'))).toBe('Receipts/2024');
    for (const path of ['[Gmail]/All Mail', '[Gmail]/Important', '[Gmail]/Starred', '[Gmail]/Spam', '[Gmail]', 'Lists'])
      expect(labelOfFolder(byPath(path)), path).toBeNull();
  });
});

describe('a label checkbox across the selected messages', () => {
  it('is checked when every one has it, mixed when some do, unchecked when none', () => {
    const selected = [['Receipts', 'Work'], ['Work'], []];
    expect(labelState('Work', selected.slice(0, 2))).toBe('checked');
    expect(labelState('Work', selected)).toBe('mixed');
    expect(labelState('Receipts', selected)).toBe('mixed');
    expect(labelState('Receipts/2024', selected)).toBe('unchecked');
    // A label is not its parent's: "Receipts/2024" does not check "Receipts".
    expect(labelState('Receipts', [['Receipts/2024']])).toBe('unchecked');
    expect(labelState('Work', [])).toBe('unchecked');
  });

  it('removes a checked label from all of them, and adds a mixed or unchecked one to all', () => {
    expect(toggleChange('Work', 'checked')).toEqual({ add: [], remove: ['Work'] });
    expect(toggleChange('Work', 'mixed')).toEqual({ add: ['Work'], remove: [] });
    expect(toggleChange('Work', 'unchecked')).toEqual({ add: ['Work'], remove: [] });
  });

  it('lists the label folders and any label of the selection that has no folder yet (just created)', () => {
    expect(labelChoices(GMAIL, [['Travel'], ['Work'], undefined])).toEqual(['Lists/Rust', 'Receipts', 'Receipts/2024', 'Travel', 'Work']);
  });

  it('shows a change on a message at once, sorted; mail without labels stays without', () => {
    expect(applyLabelChange(['Work'], { add: ['Receipts', 'Work'], remove: [] })).toEqual(['Receipts', 'Work']);
    expect(applyLabelChange(['Receipts', 'Work'], { add: [], remove: ['Work'] })).toEqual(['Receipts']);
    // \Inbox is a folder, not a chip.
    expect(applyLabelChange(['Work'], { add: ['\\Inbox'], remove: [] })).toEqual(['Work']);
    expect(applyLabelChange(undefined, { add: ['Work'], remove: [] })).toBeUndefined();
  });
});

describe('the popover filter', () => {
  const choices = ['Receipts', 'Receipts/2024', 'Work'];

  it('shows every label when empty, those containing the text (any case) when not', () => {
    expect(filterLabels(choices, '')).toEqual({ shown: choices, create: null });
    expect(filterLabels(choices, 'rec')).toEqual({ shown: ['Receipts', 'Receipts/2024'], create: 'rec' });
    expect(filterLabels(choices, '2024').shown).toEqual(['Receipts/2024']);
  });

  it('offers to create a new name, not one that exists in any case, trimmed', () => {
    expect(filterLabels(choices, '  Travel ')).toEqual({ shown: [], create: 'Travel' });
    expect(filterLabels(choices, 'work').create).toBeNull();
    expect(filterLabels(choices, 'Receipts/2025').create).toBe('Receipts/2025');
  });

  it('never offers a name Gmail keeps for itself or one with an empty level', () => {
    for (const name of ['\\Important', '[Gmail]/Anything', 'inbox', 'a//b', '/a', 'a/', `x${'y'.repeat(225)}`, 'tab\there'])
      expect(isCreatableLabel(name), name).toBe(false);
    expect(isCreatableLabel('Projects/Engine')).toBe(true);
  });
});

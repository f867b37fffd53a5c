import { describe, expect, it } from 'vitest';
import { canArchive, canJunk, canNotJunk, hasLabels, type Place } from '../../../renderer/src/mail/toolbar-rules';
import type { FolderRole } from '../../../shared/mail';

// When Archive, Junk and Labels are offered (renderer/src/mail/toolbar-rules.ts),
// on Gmail (Archive takes a message out of the Inbox) and on other accounts
// (Archive moves to the Archive folder).

const gmailFolders = (['inbox', 'sent', 'drafts', 'trash', 'junk', 'all', 'flagged', null] as const).map((role) => ({ role }));
const plainFolders = (roles: (FolderRole | null)[]) => roles.map((role) => ({ role }));

function place(gmail: boolean, shown: FolderRole | null, folders: { role: FolderRole | null }[], searching = false): Place {
  return { account: gmail ? { imapFlavor: 'gmail' } : {}, folder: { role: shown }, folders, searching };
}

describe('Archive', () => {
  it('on Gmail: offered in the Inbox, a label, Sent, Starred; not in Trash, Spam or All Mail', () => {
    for (const role of ['inbox', null, 'sent', 'flagged', 'drafts'] as const)
      expect(canArchive(place(true, role, gmailFolders)), String(role)).toBe(true);
    for (const role of ['trash', 'junk', 'all'] as const) expect(canArchive(place(true, role, gmailFolders)), role).toBe(false);
  });

  it('on Gmail: offered for search results, which may come from anywhere', () => {
    expect(canArchive(place(true, 'all', gmailFolders, true))).toBe(true);
  });

  it('elsewhere: needs an Archive folder, and not to be in it (unless searching)', () => {
    const withArchive = plainFolders(['inbox', 'archive', 'trash']);
    expect(canArchive(place(false, 'inbox', withArchive))).toBe(true);
    expect(canArchive(place(false, 'archive', withArchive))).toBe(false);
    expect(canArchive(place(false, 'archive', withArchive, true))).toBe(true);
    expect(canArchive(place(false, 'inbox', plainFolders(['inbox', 'trash'])))).toBe(false);
  });
});

describe('Junk', () => {
  it('needs a Junk folder (Gmail: Spam), and not to be in it unless searching', () => {
    expect(canJunk(place(true, 'inbox', gmailFolders))).toBe(true);
    expect(canJunk(place(true, 'junk', gmailFolders))).toBe(false);
    expect(canJunk(place(true, 'junk', gmailFolders, true))).toBe(true);
    expect(canJunk(place(false, 'inbox', plainFolders(['inbox', 'junk'])))).toBe(true);
    expect(canJunk(place(false, 'inbox', plainFolders(['inbox', 'trash'])))).toBe(false);
  });

  it('becomes "Not junk" in the Junk folder itself (not in a search: its results come from anywhere)', () => {
    expect(canNotJunk(place(false, 'junk', plainFolders(['inbox', 'junk'])))).toBe(true);
    expect(canNotJunk(place(true, 'junk', gmailFolders))).toBe(true);
    expect(canNotJunk(place(false, 'inbox', plainFolders(['inbox', 'junk'])))).toBe(false);
    expect(canNotJunk(place(false, 'junk', plainFolders(['inbox', 'junk']), true))).toBe(false);
  });
});

describe('Labels', () => {
  it('are for Gmail accounts only', () => {
    expect(hasLabels({ imapFlavor: 'gmail' })).toBe(true);
    expect(hasLabels({})).toBe(false);
  });
});

import type { Account } from '../../../shared/accounts';
import type { Folder, FolderRole } from '../../../shared/mail';

// When the toolbar's and the list's actions mean something, for the folder
// shown (or a search, whose results may come from any folder). The core
// refuses what is meaningless too; these keep the buttons honest.

/** Where the user is: the account, the folder shown, whether a search replaces it, and the account's folders. */
export interface Place {
  account: Pick<Account, 'imapFlavor'>;
  folder: Pick<Folder, 'role'>;
  folders: readonly Pick<Folder, 'role'>[];
  searching: boolean;
}

/** Gmail folders where Archive (taking \Inbox away) means nothing: the message is not in the Inbox there, or is everywhere. */
const GMAIL_NO_ARCHIVE: readonly FolderRole[] = ['trash', 'junk', 'all'];

/**
 * Archive: on Gmail it takes the message out of the Inbox (it stays in All
 * Mail and its labels), anywhere but Trash, Spam and All Mail; elsewhere it
 * moves to the Archive folder, so the account needs one and the folder shown
 * is not it.
 */
export function canArchive({ account, folder, folders, searching }: Place): boolean {
  if (account.imapFlavor === 'gmail') return searching || folder.role === null || !GMAIL_NO_ARCHIVE.includes(folder.role);
  return folders.some((f) => f.role === 'archive') && (searching || folder.role !== 'archive');
}

/** Junk: to the account's Junk folder (Gmail's Spam), when it has one and that is not the folder shown. */
export function canJunk({ folder, folders, searching }: Place): boolean {
  return folders.some((f) => f.role === 'junk') && (searching || folder.role !== 'junk');
}

/** Not junk: back to the Inbox, for a message in the Junk folder. */
export function canNotJunk({ folder, searching }: Place): boolean {
  return !searching && folder.role === 'junk';
}

/** Labels: Gmail accounts only. */
export function hasLabels(account: Pick<Account, 'imapFlavor'>): boolean {
  return account.imapFlavor === 'gmail';
}

import type { FolderRole } from '../../shared/mail';

// Gmail's IMAP (the X-GM-EXT-1 extension) shows labels as folders: each
// message is listed in the folder of each of its labels and in [Gmail]/All
// Mail. What this means for a folder, in one place.

export const GMAIL_CAPABILITY = 'X-GM-EXT-1';

/** A folder as far as labels go. */
interface LabelFolder {
  path: string;
  role: FolderRole | null;
}

/** Gmail's own labels behind its special folders; All Mail and Starred are no label (Starred is the \Flagged flag). */
const LABEL_BY_ROLE: Partial<Record<FolderRole, string>> = {
  inbox: '\\Inbox',
  sent: '\\Sent',
  drafts: '\\Draft',
  trash: '\\Trash',
  junk: '\\Spam',
};

/** Folders Gmail makes itself ([Gmail]/..., [Google Mail]/... in some countries): never a user's label. */
const SYSTEM_FOLDER = /^\[(Gmail|Google Mail)\](\/|$)/;

/**
 * The label a message carries by being listed in this folder, or null. Gmail
 * leaves the selected folder's own label out of X-GM-LABELS, so a sync adds
 * it back (labelsIn below).
 */
export function labelOfFolder(folder: LabelFolder): string | null {
  if (folder.role) return LABEL_BY_ROLE[folder.role] ?? null;
  return SYSTEM_FOLDER.test(folder.path) ? null : folder.path;
}

/** A message's labels as a folder reports them, with that folder's own label. */
export function labelsIn(folder: LabelFolder, reported: Iterable<string>): string[] {
  const labels = new Set(reported);
  const own = labelOfFolder(folder);
  if (own) labels.add(own);
  return [...labels].sort();
}

/**
 * The order a Gmail account's folders are synced in: the Inbox first (what
 * the user looks at), then the labels, then All Mail last: by then most of
 * its messages are stored under a label already, so its rows share their
 * content and download nothing (MessagesRepo.withoutBody).
 */
export function gmailSyncOrder<F extends LabelFolder>(folders: readonly F[]): F[] {
  const rank = (folder: F) => (folder.role === 'inbox' ? 0 : folder.role === 'all' ? 2 : 1);
  return [...folders].sort((a, b) => rank(a) - rank(b));
}

/** The folder role whose folder a Gmail system label is (\Inbox is the Inbox); null for a user's label (its folder is its path). */
export function roleOfLabel(label: string): FolderRole | null {
  for (const [role, own] of Object.entries(LABEL_BY_ROLE)) if (own === label) return role as FolderRole;
  return null;
}

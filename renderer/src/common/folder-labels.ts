import type { Folder } from '../../../shared/mail';

// A folder named outside the tree (the wizard's list of folders, a folder
// <select>): its names from the top of the tree down, joined by the
// server's delimiter, "Lists/Rust" on Dovecot and "Lists.Rust" on Cyrus.
// Not the path: Cyrus keeps personal folders under "INBOX.", which the
// tree leaves out (the core gives "INBOX.Lists" no parent), so the path
// "INBOX.Lists.Rust" would say "inside the Inbox" where the tree does not.

/** Each folder's label by id, for the whole list at once (one pass over the parents, also for 10,000 folders). */
export function folderLabels(folders: readonly Folder[]): Map<number, string> {
  const byPath = new Map(folders.map((f) => [f.path, f]));
  const byPathLabel = new Map<string, string>();
  const labelOf = (folder: Folder, depth: number): string => {
    const known = byPathLabel.get(folder.path);
    if (known !== undefined) return known;
    let label: string;
    if (folder.role === 'inbox') label = 'Inbox';
    else if (folder.parentPath === null) label = folder.name;
    else {
      const parent = byPath.get(folder.parentPath);
      // A parent the server did not list is named by its path; the depth bound stops a loop in a malformed list.
      const above = parent && depth < 64 ? labelOf(parent, depth + 1) : folder.parentPath;
      label = `${above}${folder.delimiter ?? '/'}${folder.name}`;
    }
    byPathLabel.set(folder.path, label);
    return label;
  };
  return new Map(folders.map((f) => [f.id, labelOf(f, 0)]));
}

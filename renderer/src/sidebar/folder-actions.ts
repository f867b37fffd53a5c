import type { Account } from '../../../shared/accounts';
import type { Folder } from '../../../shared/mail';
import { mailMethodSchemas } from '../../../shared/mail';
import type { MenuItem } from '../components/Menu';

/** What the sidebar asks the user about: each is one small dialog. */
export type FolderRequest =
  | { kind: 'create'; account: Account; parent: Folder | null }
  | { kind: 'rename'; account: Account; folder: Folder }
  | { kind: 'delete'; account: Account; folder: Folder }
  | { kind: 'export'; account: Account; folder: Folder };

/** IMAP folders are managed on the server; a POP3 account's folders live on this computer and are managed here. */
export function canManageFolders(_account: Account): boolean {
  return true;
}

/** Whether an account's folders live only on this computer (POP3). */
export function foldersAreLocal(account: Account): boolean {
  return account.incoming.protocol === 'pop3';
}

/**
 * A folder's menu. Special folders (role set) are never renamed or deleted:
 * other apps and the server itself rely on them. Subfolders may still go under
 * them (Archive/2026), except under the virtual ones (Gmail's All Mail,
 * Starred), which are views of other folders rather than places.
 */
export function folderMenuItems(account: Account, folder: Folder, request: (r: FolderRequest) => void): MenuItem[] {
  if (!canManageFolders(account) || folder.role === 'all' || folder.role === 'flagged') return [];
  const items: MenuItem[] = [
    { key: 'create', label: 'New subfolder…', onSelect: () => request({ kind: 'create', account, parent: folder }) },
  ];
  if (folder.selectable)
    items.push({ key: 'export', label: 'Export folder…', onSelect: () => request({ kind: 'export', account, folder }) });
  if (folder.role === null) {
    items.push(
      { key: 'rename', label: 'Rename…', onSelect: () => request({ kind: 'rename', account, folder }) },
      { key: 'delete', label: 'Delete…', onSelect: () => request({ kind: 'delete', account, folder }) },
    );
  }
  return items;
}

// The contract's own rule for a folder name (the core checks it again): used
// here so that a "/" is pointed out at once, in the same words, without the
// "folders.create: name:" prefix the core puts on arguments it refuses.
const folderName = mailMethodSchemas['folders.rename'].shape.name;

/** Why this name cannot be a folder's, or null. */
export function folderNameProblem(name: string): string | null {
  const result = folderName.safeParse(name);
  return result.success ? null : (result.error.issues[0]?.message ?? 'This name cannot be used for a folder');
}

/**
 * The path `path` has after `before` was renamed to `after`: the folder
 * itself or one inside it (whose path starts with the old one); null for
 * any other folder.
 */
export function pathAfterRename(path: string, before: Folder, after: Folder): string | null {
  if (path === before.path) return after.path;
  const delimiter = before.delimiter;
  if (delimiter && path.startsWith(before.path + delimiter)) return after.path + path.slice(before.path.length);
  return null;
}

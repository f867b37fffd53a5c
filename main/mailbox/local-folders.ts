import { ApiError } from '../../shared/errors';
import type { Folder } from '../../shared/mail';
import type { ServiceEvents } from '../base/service-events';
import type { UiEvents } from '../base/ui-events';
import type { FoldersRepo } from '../store/folders-repo';

// Folders that live only in the store: those of a POP3 account, whose server
// has just one mailbox. Downloaded mail lands in the Inbox; Sent holds what
// the account sends, Drafts the drafts, Trash what is deleted. Creating,
// renaming and deleting them needs no server, so it works offline.

const DELIMITER = '/';

const STANDARD: readonly { path: string; role: NonNullable<Folder['role']> }[] = [
  { path: 'INBOX', role: 'inbox' },
  { path: 'Drafts', role: 'drafts' },
  { path: 'Sent', role: 'sent' },
  { path: 'Trash', role: 'trash' },
];

export class LocalFolders {
  constructor(
    private readonly folders: FoldersRepo,
    private readonly events: UiEvents,
    private readonly signals: ServiceEvents,
    /** Whether an account keeps its folders here (a POP3 account). */
    readonly owns: (accountId: string) => boolean,
  ) {}

  /** Creates the Inbox, Drafts, Sent and Trash that are missing; idempotent. */
  ensureStandard(accountId: string): void {
    const missing = STANDARD.filter((f) => !this.folders.byRole(accountId, f.role));
    if (missing.length === 0) return;
    this.folders.addLocalAll(
      accountId,
      missing.map(({ path, role }) => record(path, null, role)),
    );
    this.events.emit('store.changed', { accountId, folderIds: [], folders: true });
    this.signals.notify('folders.changed', { accountId });
  }

  create(accountId: string, name: string, parent: Folder | undefined): Folder {
    const path = parent ? `${parent.path}${DELIMITER}${name}` : name;
    this.refuseTaken(accountId, path, name);
    this.folders.addLocal(accountId, record(path, parent?.path ?? null, null));
    return this.changed(accountId, path);
  }

  rename(folder: Folder, name: string): Folder {
    const path = folder.parentPath ? `${folder.parentPath}${DELIMITER}${name}` : name;
    if (path === folder.path) return this.changed(folder.accountId, path);
    this.refuseTaken(folder.accountId, path, name);
    this.folders.renamePath(folder.accountId, folder.path, path, DELIMITER);
    return this.changed(folder.accountId, path);
  }

  /** Deletes the folder, its subfolders and their mail (the UI asks the user first). */
  delete(folder: Folder): void {
    this.folders.deleteTree(folder.accountId, folder.path, DELIMITER);
    this.events.emit('store.changed', { accountId: folder.accountId, folderIds: [folder.id], folders: true });
    this.signals.notify('folders.changed', { accountId: folder.accountId });
  }

  private refuseTaken(accountId: string, path: string, name: string): void {
    // INBOX is case-insensitive in mail (RFC 3501 5.1); keep it so here too.
    if (this.folders.byPath(accountId, path) || path.toUpperCase() === 'INBOX') {
      throw new ApiError('invalid_argument', `There is already a folder "${name}" there.`);
    }
  }

  private changed(accountId: string, path: string): Folder {
    this.events.emit('store.changed', { accountId, folderIds: [], folders: true });
    this.signals.notify('folders.changed', { accountId });
    const folder = this.folders.list(accountId).find((f) => f.path === path);
    if (!folder) throw new ApiError('internal', `The folder "${path}" was not saved.`);
    return folder;
  }
}

function record(path: string, parentPath: string | null, role: Folder['role']) {
  const name = path.slice(path.lastIndexOf(DELIMITER) + 1);
  return {
    path,
    name: role === 'inbox' ? 'Inbox' : name,
    delimiter: DELIMITER,
    parentPath,
    role,
    subscribed: true,
    selectable: true,
  };
}

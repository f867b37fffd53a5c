import { ApiError } from '../../shared/errors';
import type { Folder } from '../../shared/mail';
import { personalPrefix, topLevelPath } from '../imap/personal-namespace';
import type { FoldersRepo } from '../store/folders-repo';
import type { SyncManager } from '../sync/sync-manager';
import type { LocalFolders } from './local-folders';

// Creating, renaming and deleting folders. Unlike flags and moves these are
// not queued for later: they change the tree itself, so they need the server
// now, and say so when it cannot be reached. Folders of a POP3 account live
// only in the store (local-folders.ts) and change there, online or not.

export class FolderService {
  constructor(
    private readonly folders: FoldersRepo,
    private readonly syncs: SyncManager,
    private readonly local?: LocalFolders,
  ) {}

  async create(accountId: string, name: string, parentId?: number): Promise<Folder> {
    const parent = parentId === undefined ? undefined : this.require(parentId);
    if (parent && parent.accountId !== accountId) throw new ApiError('invalid_argument', 'The parent folder belongs to another account.');
    const delimiter = parent?.delimiter ?? this.delimiterOf(accountId);
    this.checkName(name, delimiter);
    // The top level is the personal namespace's: "INBOX.Receipts" on a server
    // (Cyrus, Courier) that keeps personal folders under "INBOX.".
    const pathWith = (prefix: string) => (parent ? `${parent.path}${delimiter ?? ''}${name}` : topLevelPath(name, prefix));
    const refuseTaken = (path: string) => {
      if (this.folders.byPath(accountId, path)) throw new ApiError('invalid_argument', `There is already a folder "${name}" there.`);
    };
    if (this.local?.owns(accountId)) {
      refuseTaken(pathWith(''));
      return this.local.create(accountId, name, parent);
    }
    let created = '';
    await this.change(accountId, `create "${name}"`, async (client) => {
      const path = pathWith(personalPrefix(client));
      refuseTaken(path);
      created = (await client.mailboxCreate(path)).path;
    });
    return this.listed(accountId, created);
  }

  async rename(id: number, name: string): Promise<Folder> {
    const folder = this.require(id);
    this.refuseSpecial(folder, 'renamed');
    this.checkName(name, folder.delimiter);
    if (this.local?.owns(folder.accountId)) return this.local.rename(folder, name);
    let path = '';
    await this.change(folder.accountId, `rename "${folder.name}"`, async (client) => {
      // A folder at the top of the tree stays in the personal namespace it is in ("INBOX.Receipts" → "INBOX.Bills").
      const prefix = personalPrefix(client);
      path = folder.parentPath
        ? `${folder.parentPath}${folder.delimiter ?? ''}${name}`
        : topLevelPath(name, folder.path.startsWith(prefix) ? prefix : '');
      await client.mailboxRename(folder.path, path);
      // Keep the folder (and its subfolders) with their mail instead of downloading it all again.
      this.folders.renamePath(folder.accountId, folder.path, path, folder.delimiter);
    });
    return this.listed(folder.accountId, path);
  }

  async delete(id: number): Promise<void> {
    const folder = this.require(id);
    this.refuseSpecial(folder, 'deleted');
    if (this.local?.owns(folder.accountId)) return this.local.delete(folder);
    await this.change(folder.accountId, `delete "${folder.name}"`, (client) => client.mailboxDelete(folder.path));
  }

  /** Runs the change; a refusal by the server comes back in the server's own words. */
  private async change(accountId: string, what: string, work: Parameters<SyncManager['changeFolder']>[1]): Promise<void> {
    try {
      await this.syncs.changeFolder(accountId, work);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      const said = (error as { responseText?: string }).responseText ?? (error as Error).message;
      throw new ApiError('protocol_error', `The server would not ${what}: ${said}`);
    }
  }

  private require(id: number) {
    const folder = this.folders.get(id);
    if (!folder) throw new ApiError('not_found', 'That folder does not exist (any more).');
    return folder;
  }

  private refuseSpecial(folder: Folder, what: string): void {
    if (folder.role) throw new ApiError('invalid_argument', `The ${folder.name} folder is a special folder and cannot be ${what}.`);
  }

  private checkName(name: string, delimiter: string | null): void {
    if (delimiter && name.includes(delimiter)) {
      throw new ApiError('invalid_argument', `A folder name on this server cannot contain "${delimiter}".`);
    }
  }

  private delimiterOf(accountId: string): string | null {
    return this.folders.list(accountId).find((f) => f.delimiter)?.delimiter ?? null;
  }

  private listed(accountId: string, path: string): Folder {
    const folder = this.folders.list(accountId).find((f) => f.path === path);
    if (!folder) throw new ApiError('protocol_error', `The server accepted the change but does not list "${path}".`);
    return folder;
  }
}

import type { Folder, FolderRole } from '../../shared/mail';
import { type Database, sql, transaction } from './database';

// Folders of an account and their sync state (UIDVALIDITY, UIDNEXT,
// HIGHESTMODSEQ). Counts are the sums of the folder's message_spans, which
// triggers keep (migration 13): nothing counts a folder's messages.

/** A folder as the server lists it: the shared Folder without what only the store knows (id, account, counts). */
export type FolderRecord = Omit<Folder, 'id' | 'accountId' | 'total' | 'unread'>;

export interface SyncState {
  uidvalidity: number | null;
  uidnext: number | null;
  highestmodseq: number | null;
}

interface FolderRow {
  id: number;
  account_id: string;
  path: string;
  name: string;
  delimiter: string | null;
  parent_path: string | null;
  role: FolderRole | null;
  subscribed: number;
  selectable: number;
  uidvalidity: number | null;
  uidnext: number | null;
  highestmodseq: number | null;
}

/** Inbox first, then the special folders in this order, then the rest by path. */
const ROLE_ORDER: Record<FolderRole, number> = { inbox: 0, drafts: 2, sent: 3, archive: 4, all: 5, flagged: 6, junk: 7, trash: 8 };

export class FoldersRepo {
  constructor(private readonly db: Database) {}

  list(accountId?: string): Folder[] {
    return this.listWithSyncState(accountId).map(({ uidvalidity: _v, uidnext: _n, highestmodseq: _m, ...folder }) => folder);
  }

  /** list() with each folder's sync state: what a pass compares with the server's STATUS (one query, not one per folder). */
  listWithSyncState(accountId?: string): (Folder & SyncState)[] {
    const rows = sql(
      this.db,
      `SELECT f.*,
           (SELECT IFNULL(SUM(total), 0) FROM message_spans s WHERE s.folder_id = f.id) AS total,
           (SELECT IFNULL(SUM(unread), 0) FROM message_spans s WHERE s.folder_id = f.id) AS unread
         FROM folders f WHERE (? IS NULL OR f.account_id = ?)`,
    ).all(accountId ?? null, accountId ?? null) as unknown as (FolderRow & { total: number; unread: number })[];
    return rows
      .map((row): Folder & SyncState => ({ ...fromRow(row), total: row.total, unread: row.unread }))
      .sort((a, b) => a.accountId.localeCompare(b.accountId) || rank(a) - rank(b) || a.path.localeCompare(b.path));
  }

  get(id: number): (Folder & SyncState) | undefined {
    const row = sql(this.db, 'SELECT * FROM folders WHERE id = ?').get(id) as unknown as FolderRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  byPath(accountId: string, path: string): (Folder & SyncState) | undefined {
    const row = sql(this.db, 'SELECT * FROM folders WHERE account_id = ? AND path = ?').get(accountId, path) as unknown as
      | FolderRow
      | undefined;
    return row ? fromRow(row) : undefined;
  }

  byRole(accountId: string, role: FolderRole): (Folder & SyncState) | undefined {
    const row = sql(this.db, 'SELECT * FROM folders WHERE account_id = ? AND role = ? ORDER BY id LIMIT 1').get(
      accountId,
      role,
    ) as unknown as FolderRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  /**
   * Makes the stored tree equal to the server's list: adds and updates
   * folders, and deletes those the server no longer has (with their messages),
   * in one transaction. Returns whether anything changed.
   */
  replaceAll(accountId: string, folders: readonly FolderRecord[]): boolean {
    return transaction(this.db, () => {
      const existing = new Map(
        (sql(this.db, 'SELECT * FROM folders WHERE account_id = ?').all(accountId) as unknown as FolderRow[]).map((row) => [row.path, row]),
      );
      let changed = false;
      const upsert = sql(
        this.db,
        `INSERT INTO folders (account_id, path, name, delimiter, parent_path, role, subscribed, selectable)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, path) DO UPDATE SET name = excluded.name, delimiter = excluded.delimiter,
         parent_path = excluded.parent_path, role = excluded.role, subscribed = excluded.subscribed, selectable = excluded.selectable`,
      );
      for (const folder of folders) {
        const old = existing.get(folder.path);
        existing.delete(folder.path);
        if (
          old &&
          old.name === folder.name &&
          old.delimiter === folder.delimiter &&
          old.parent_path === folder.parentPath &&
          old.role === folder.role &&
          old.subscribed === Number(folder.subscribed) &&
          old.selectable === Number(folder.selectable)
        ) {
          continue;
        }
        changed = true;
        upsert.run(...folderValues(accountId, folder));
      }
      const remove = sql(this.db, 'DELETE FROM folders WHERE id = ?');
      for (const gone of existing.values()) {
        changed = true;
        remove.run(gone.id);
      }
      return changed;
    });
  }

  /**
   * Follows a rename made on the server: the folder and everything below it
   * get their new paths, keeping their ids and stored mail (the tree re-read
   * afterwards then finds them unchanged instead of deleted and new). Also
   * renames a local folder (a POP3 account's). One transaction.
   */
  renamePath(accountId: string, oldPath: string, newPath: string, delimiter: string | null): void {
    transaction(this.db, () => {
      const below = `${oldPath}${delimiter ?? ''}`;
      const rows = sql(
        this.db,
        "SELECT id, path, parent_path FROM folders WHERE account_id = ? AND (path = ? OR (? != '' AND substr(path, 1, length(?)) = ?))",
      ).all(accountId, oldPath, delimiter ?? '', below, below) as { id: number; path: string; parent_path: string | null }[];
      const rename = (path: string) => newPath + path.slice(oldPath.length);
      for (const row of rows) {
        const path = rename(row.path);
        const name = row.path === oldPath ? newPath.slice(newPath.lastIndexOf(delimiter ?? '\u0000') + 1) : undefined;
        sql(this.db, 'UPDATE folders SET path = ?, parent_path = ?, name = COALESCE(?, name) WHERE id = ?').run(
          path,
          row.path === oldPath ? row.parent_path : rename(row.parent_path ?? ''),
          name ?? null,
          row.id,
        );
      }
    });
  }

  /** Adds one folder that lives only here (a POP3 account's local folders); returns its id, or the existing one's. */
  addLocal(accountId: string, folder: FolderRecord): number {
    sql(
      this.db,
      `INSERT OR IGNORE INTO folders (account_id, path, name, delimiter, parent_path, role, subscribed, selectable)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(...folderValues(accountId, folder));
    return (this.byPath(accountId, folder.path) as Folder).id;
  }

  /** addLocal for several folders, in one transaction. */
  addLocalAll(accountId: string, folders: readonly FolderRecord[]): void {
    transaction(this.db, () => {
      for (const folder of folders) this.addLocal(accountId, folder);
    });
  }

  /** Deletes a folder and every folder below it, with their messages, in one transaction. */
  deleteTree(accountId: string, path: string, delimiter: string | null): void {
    const below = `${path}${delimiter ?? ''}`;
    transaction(this.db, () =>
      sql(this.db, "DELETE FROM folders WHERE account_id = ? AND (path = ? OR (? != '' AND substr(path, 1, length(?)) = ?))").run(
        accountId,
        path,
        delimiter ?? '',
        below,
        below,
      ),
    );
  }

  /** setSyncState for many folders, in one transaction (the empty folders of a first sync, from one LIST-STATUS). */
  setSyncStates(states: readonly { id: number; state: SyncState }[]): void {
    if (states.length === 0) return;
    transaction(this.db, () => {
      for (const { id, state } of states) this.setSyncState(id, state);
    });
  }

  setSyncState(id: number, state: SyncState): void {
    sql(this.db, 'UPDATE folders SET uidvalidity = ?, uidnext = ?, highestmodseq = ?, synced_at = ? WHERE id = ?').run(
      state.uidvalidity,
      state.uidnext,
      state.highestmodseq,
      new Date().toISOString(),
      id,
    );
  }
}

function rank(folder: Folder): number {
  return folder.role ? ROLE_ORDER[folder.role] : 10;
}

function fromRow(row: FolderRow): Folder & SyncState {
  return {
    id: row.id,
    accountId: row.account_id,
    path: row.path,
    name: row.name,
    delimiter: row.delimiter,
    parentPath: row.parent_path,
    role: row.role,
    subscribed: row.subscribed === 1,
    selectable: row.selectable === 1,
    total: 0,
    unread: 0,
    uidvalidity: row.uidvalidity,
    uidnext: row.uidnext,
    highestmodseq: row.highestmodseq,
  };
}

/** The values of a folder's row, account_id first, in the order both INSERTs name its columns. */
function folderValues(
  accountId: string,
  folder: FolderRecord,
): [string, string, string, string | null, string | null, string | null, number, number] {
  return [
    accountId,
    folder.path,
    folder.name,
    folder.delimiter,
    folder.parentPath,
    folder.role,
    folder.subscribed ? 1 : 0,
    folder.selectable ? 1 : 0,
  ];
}

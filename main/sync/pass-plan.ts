import type { ServerFolderStatus } from '../imap/folder-status';
import type { SyncState } from '../store/folders-repo';

// Which folders a full pass must SELECT, from every folder's STATUS read in
// one command (imap/folder-status.ts). Only two kinds are left out, and only
// where STATUS says all a SELECT would:
//
// - a folder never synced that is empty on the server and here: its first
//   sync would only note UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ, which
//   STATUS gives (most of an account with thousands of folders);
// - a synced folder that has not changed: same UIDVALIDITY, UIDNEXT and
//   message count, and with CONDSTORE the same HIGHESTMODSEQ (which every
//   flag change and expunge raises). Without CONDSTORE a flag changed
//   elsewhere shows in no STATUS item, so such a folder is SELECTed as before.
//
// Everything else (changed, unknown to STATUS, a first sync begun, a folder
// marked for a full re-read) is synced the usual way.

export interface PassFolder extends SyncState {
  id: number;
  path: string;
  selectable: boolean;
  /** Messages listed in the store. */
  total: number;
}

export interface PassPlan {
  /** Folders to SELECT and sync, in the order given. */
  sync: number[];
  /** Empty folders synced for the first time by what STATUS said: their state, to store as is. */
  firstSyncedEmpty: { id: number; state: SyncState }[];
}

export function planPass(folders: readonly PassFolder[], statuses: ReadonlyMap<string, ServerFolderStatus> | undefined): PassPlan {
  const plan: PassPlan = { sync: [], firstSyncedEmpty: [] };
  for (const folder of folders) {
    if (!folder.selectable) continue;
    const status = statuses?.get(folder.path);
    if (!status) plan.sync.push(folder.id);
    else if (folder.uidvalidity === null && folder.total === 0 && status.messages === 0)
      plan.firstSyncedEmpty.push({
        id: folder.id,
        state: { uidvalidity: status.uidValidity, uidnext: status.uidNext, highestmodseq: status.highestModseq },
      });
    else if (!unchanged(folder, status)) plan.sync.push(folder.id);
  }
  return plan;
}

function unchanged(folder: PassFolder, status: ServerFolderStatus): boolean {
  return (
    folder.uidvalidity === status.uidValidity &&
    folder.uidnext === status.uidNext &&
    folder.total === status.messages &&
    folder.highestmodseq !== null &&
    folder.highestmodseq === status.highestModseq
  );
}

import type { Folder } from '../../shared/mail';
import { groupBy } from '../base/group-by';
import { labelOfFolder, roleOfLabel } from '../imap/gmail-labels';
import type { FoldersRepo, SyncState } from '../store/folders-repo';
import { type MessageRow, stringList } from '../store/message-row';
import type { RelabelPlan } from '../store/messages-repo';
import type { ServerOp } from '../store/ops-repo';

// What the user's actions mean on Gmail, where a folder is a label and one
// message is listed in the folder of each of its labels and in All Mail.
// Archive removes \Inbox (the message stays in All Mail); moving between two
// label folders changes labels; Trash and Spam take the message out of every
// other folder. Each action becomes a plan for the store (applied at once,
// MessagesRepo.relabel) and ops for the server (UID STORE ±X-GM-LABELS), in
// one transaction; MailService decides when to use this.

export interface LabelChange {
  add: readonly string[];
  remove: readonly string[];
}

type StoredFolder = Folder & SyncState;

/**
 * The plan and the server ops of a label change for the messages of `rows`
 * (rows of Gmail messages); `all` holds every row of those messages, in every
 * folder (MessagesRepo.withSiblings). Returns how many messages changed.
 */
export function planLabelChange(
  rows: readonly MessageRow[],
  all: readonly MessageRow[],
  change: LabelChange,
  folders: FoldersRepo,
): { plan: RelabelPlan; queue: ServerOp[]; changed: number; folderIds: number[] } {
  const plan: RelabelPlan = { labels: [], add: [], remove: [], move: [] };
  const uidsByFolder = new Map<number, { folder: StoredFolder; uids: number[] }>();
  const folderIds = new Set<number>();
  let changed = 0;
  for (const [msgid, acted] of groupBy(rows, (r) => `${r.account_id}\u0000${r.gm_msgid}`)) {
    const first = acted[0] as MessageRow;
    const rowsOfMessage = all.filter((r) => `${r.account_id}\u0000${r.gm_msgid}` === msgid);
    const current = stringList(first.labels_json);
    const next = [...new Set([...current.filter((l) => !change.remove.includes(l)), ...change.add])].sort();
    if (sameList(current, next)) continue;
    changed++;
    plan.labels.push({ rowId: first.id, labels: next });

    // The server hears it through one of the message's rows with a UID: the one acted on, if it has one.
    const addressed = [...acted, ...rowsOfMessage].find((r) => r.uid !== null && folders.get(r.folder_id)?.uidvalidity != null);
    if (addressed) {
      const folder = folders.get(addressed.folder_id) as StoredFolder;
      const entry = uidsByFolder.get(folder.id) ?? { folder, uids: [] };
      entry.uids.push(addressed.uid as number);
      uidsByFolder.set(folder.id, entry);
    }

    // Here: the rows in the removed labels' folders go, a row appears in each added label's folder.
    const leaving = rowsOfMessage.filter((r) =>
      change.remove.some((label) => folderOfLabel(folders, r.account_id, label)?.id === r.folder_id),
    );
    const staying = rowsOfMessage.filter((r) => !leaving.includes(r));
    for (const label of change.add) {
      const folder = folderOfLabel(folders, first.account_id, label);
      if (folder && !staying.some((r) => r.folder_id === folder.id)) {
        plan.add.push({ fromId: first.id, folderId: folder.id });
        folderIds.add(folder.id);
      }
    }
    const keepsARow = staying.length > 0 || plan.add.some((a) => a.fromId === first.id);
    const allMail = folders.byRole(first.account_id, 'all');
    leaving.forEach((row, i) => {
      folderIds.add(row.folder_id);
      // The message's last row: it is still in All Mail on the server (not synced here yet), so it moves there.
      if (i === 0 && !keepsARow && allMail && allMail.id !== row.folder_id) {
        plan.move.push({ id: row.id, folderId: allMail.id });
        folderIds.add(allMail.id);
      } else plan.remove.push(row.id);
    });
  }
  const queue: ServerOp[] = [...uidsByFolder.values()].map(({ folder, uids }) => ({
    accountId: folder.accountId,
    op: {
      kind: 'labels',
      folderPath: folder.path,
      uidvalidity: folder.uidvalidity as number,
      uids,
      add: [...change.add],
      remove: [...change.remove],
    },
  }));
  return { plan, queue, changed, folderIds: [...folderIds] };
}

/**
 * What moving Gmail messages from their folder to `target` means: a change
 * of labels (remove the source folder's, add the target's), or undefined
 * when it is a real move (to or from Trash and Spam, or to a folder that is
 * no label): then the server's MOVE does it, and Trash and Spam take the
 * message out of its other folders (see MailService.move).
 */
export function moveAsLabelChange(source: StoredFolder, target: StoredFolder): LabelChange | undefined {
  const real = (folder: StoredFolder) => folder.role === 'trash' || folder.role === 'junk';
  if (real(source) || real(target)) return undefined;
  const to = labelOfFolder(target);
  if (!to && target.role !== 'all') return undefined;
  const from = labelOfFolder(source);
  return { add: to ? [to] : [], remove: from ? [from] : [] };
}

/** The folder that lists a label's messages: a system label's special folder, or the label's own. */
export function folderOfLabel(folders: FoldersRepo, accountId: string, label: string): StoredFolder | undefined {
  const role = roleOfLabel(label);
  return role ? folders.byRole(accountId, role) : folders.byPath(accountId, label);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((v, i) => v === b[i]);
}

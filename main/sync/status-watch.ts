import type { ImapFlow } from 'imapflow';

// New mail in every folder within about half a minute, not only in the Inbox
// (which IDLE watches): between the full passes (every few minutes), the
// worker asks STATUS of the other folders (UIDNEXT, MESSAGES, HIGHESTMODSEQ:
// one short command each, no SELECT) and syncs those that changed. A budget
// of folders per round keeps a Gmail account with hundreds of labels from
// spending its connection on it: the rest take their turn in the next rounds.
// (NOTIFY, RFC 5465, would make the server tell; imapflow does not speak it.)

/** STATUS commands per round at most. */
export const STATUS_BUDGET = 40;

export interface WatchedFolder {
  id: number;
  path: string;
  /** What the store knows from the last sync of the folder. */
  uidnext: number | null;
  highestmodseq: number | null;
  /** Messages listed in the store. */
  total: number;
}

export interface FolderStatus {
  uidNext?: number | undefined;
  messages?: number | undefined;
  highestModseq?: bigint | undefined;
}

/**
 * Whether the server's STATUS says the folder changed since its last sync:
 * new mail (UIDNEXT), or with CONDSTORE any change (HIGHESTMODSEQ); without
 * it, a count that differs (an expunge). A folder never synced is left to the
 * full pass.
 */
export function statusChanged(folder: WatchedFolder, status: FolderStatus): boolean {
  if (folder.uidnext === null) return false;
  if (status.uidNext !== undefined && status.uidNext !== folder.uidnext) return true;
  if (status.highestModseq !== undefined && folder.highestmodseq !== null) return status.highestModseq !== BigInt(folder.highestmodseq);
  return status.messages !== undefined && status.messages !== folder.total;
}

/** Which folders each round asks about: all of them when they fit the budget, else the next STATUS_BUDGET in turn. */
export class StatusRounds {
  private start = 0;

  next<T>(folders: readonly T[], budget = STATUS_BUDGET): T[] {
    if (folders.length <= budget) return [...folders];
    const round: T[] = [];
    for (let i = 0; i < budget; i++) round.push(folders[(this.start + i) % folders.length] as T);
    this.start = (this.start + budget) % folders.length;
    return round;
  }
}

/** The ids of the folders whose STATUS says they changed. A folder the server will not answer for is skipped (the full pass re-reads the tree). */
export async function changedByStatus(client: ImapFlow, folders: readonly WatchedFolder[]): Promise<number[]> {
  const changed: number[] = [];
  const condstore = client.enabled.has('CONDSTORE') || client.capabilities.has('CONDSTORE');
  // STATUS of the selected mailbox is discouraged (RFC 3501 6.3.10), and the
  // worker still has the folder it synced last selected: it moves to the
  // Inbox, read-only (EXAMINE), which IDLE watches on its own connection.
  const selected = client.mailbox ? client.mailbox.path : null;
  if (selected !== null && folders.some((f) => f.path === selected))
    await client.mailboxOpen('INBOX', { readOnly: true }).catch(() => undefined);
  for (const folder of folders) {
    if (client.mailbox && client.mailbox.path === folder.path) continue; // the Inbox without IDLE: the full pass has it
    const status = await client
      .status(folder.path, { uidNext: true, messages: true, ...(condstore ? { highestModseq: true } : {}) })
      .catch(() => false as const);
    if (!client.usable) break;
    if (status && statusChanged(folder, status)) changed.push(folder.id);
  }
  return changed;
}

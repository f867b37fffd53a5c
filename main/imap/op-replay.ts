import type { ImapFlow } from 'imapflow';
import { logger } from '../base/log';
import type { FoldersRepo } from '../store/folders-repo';
import type { MessagesRepo } from '../store/messages-repo';
import type { OpsRepo, PendingOp } from '../store/ops-repo';
import { type AppendDeps, replayMailboxWrite } from './append-ops';
import { personalPrefix, shownPath } from './personal-namespace';

// Replays the user's queued actions to the server, oldest first. An action
// the server refuses is dropped, and the folders it touched are synced from
// scratch, so the store shows the server's truth again; the user is told.
// A lost connection leaves the action queued for the next connection.

export interface ReplayDeps extends AppendDeps {
  ops: OpsRepo;
  folders: FoldersRepo;
  messages: MessagesRepo;
  /** The server refused an action: say so in plain words. */
  notice(message: string): void;
  /** Folders whose state must be re-read from the server (by id). */
  resync(folderIds: number[]): void;
}

export class ConnectionLost extends Error {}

const log = logger('imap');

export async function replayQueuedOps(client: ImapFlow, accountId: string, deps: ReplayDeps): Promise<number> {
  let replayed = 0;
  for (;;) {
    const queued = deps.ops.next(accountId, 20);
    if (queued.length === 0) return replayed;
    for (const { id, op } of queued) {
      const outcome =
        op.kind === 'append' || op.kind === 'draft' ? await replayMailboxWrite(client, op, deps) : await replayOne(client, op, deps);
      if (outcome === 'lost') {
        deps.ops.failed(id, 'connection lost');
        throw new ConnectionLost('The connection was lost while sending changes to the server.');
      }
      deps.ops.done(id);
      replayed++;
      if (outcome === 'refused') {
        const folderIds = [op.folderPath, op.kind === 'move' ? op.toPath : undefined]
          .map((path) => (path ? deps.folders.byPath(accountId, path)?.id : undefined))
          .filter((folderId): folderId is number => folderId !== undefined);
        deps.resync(folderIds);
        deps.notice(describeRefusal(op, personalPrefix(client)));
      }
    }
  }
}

type Outcome = 'done' | 'refused' | 'lost';

async function replayOne(
  client: ImapFlow,
  op: Exclude<PendingOp, { kind: 'append' } | { kind: 'draft' }>,
  deps: ReplayDeps,
): Promise<Outcome> {
  let lock: Awaited<ReturnType<ImapFlow['getMailboxLock']>>;
  try {
    lock = await client.getMailboxLock(op.folderPath);
  } catch (error) {
    log[client.usable ? 'warn' : 'debug'](
      { folder: op.folderPath, op: op.kind, err: error },
      'could not open the folder of a queued action',
    );
    return client.usable ? 'refused' : 'lost'; // the folder is gone on the server
  }
  try {
    // UIDs are only meaningful under the UIDVALIDITY they were taken in.
    if (Number(client.mailbox ? client.mailbox.uidValidity : 0) !== op.uidvalidity) return 'refused';
    const ok = await perform(client, op, deps);
    if (ok) return 'done';
    return client.usable ? 'refused' : 'lost';
  } finally {
    lock.release();
  }
}

async function perform(
  client: ImapFlow,
  op: Exclude<PendingOp, { kind: 'append' } | { kind: 'draft' }>,
  deps: ReplayDeps,
): Promise<boolean> {
  switch (op.kind) {
    case 'flags': {
      const range = op.uids.join(',');
      // imapflow answers false both for NO and for keywords the folder's PERMANENTFLAGS do not allow.
      const added = op.add.length === 0 || (await client.messageFlagsAdd(range, op.add, { uid: true }));
      const removed = op.remove.length === 0 || (await client.messageFlagsRemove(range, op.remove, { uid: true }));
      // A lost connection throws or leaves the client unusable (and is retried); otherwise optional keywords are done either way.
      return (added && removed) || (op.optional === true && client.usable);
    }
    case 'move': {
      // MOVE (RFC 6851) when offered; imapflow falls back to COPY + \Deleted + EXPUNGE.
      const result = await client.messageMove(op.moves.map((m) => m.uid).join(','), op.toPath, { uid: true });
      if (!result) return false;
      const uidMap = result.uidMap;
      if (uidMap) {
        // UIDPLUS told us the new UIDs: the moved rows are whole again at once.
        deps.messages.setUids(
          op.moves.flatMap((move) => {
            const uid = uidMap.get(move.uid);
            return uid === undefined ? [] : [{ id: move.messageId, uid }];
          }),
        );
      }
      return true;
    }
    case 'expunge':
      return client.messageDelete(op.uids.join(','), { uid: true });
    case 'labels': {
      const range = op.uids.join(',');
      const labels = { uid: true, useLabels: true };
      if (op.add.length && !(await client.messageFlagsAdd(range, op.add, labels))) return false;
      if (op.remove.length && !(await client.messageFlagsRemove(range, op.remove, labels))) return false;
      return true;
    }
  }
}

/** In plain words, with folders as the user sees them ("Doomed", not Cyrus's "INBOX.Doomed"). */
function describeRefusal(op: PendingOp, prefix: string): string {
  const folder = shownPath(op.folderPath, prefix);
  switch (op.kind) {
    case 'flags':
      return `The server did not accept a change of flags in "${folder}"; the folder shows the server's state again.`;
    case 'move':
      return `The server did not move ${op.moves.length === 1 ? 'a message' : `${op.moves.length} messages`} from "${folder}" to "${shownPath(op.toPath, prefix)}"; they are back where the server has them.`;
    case 'append':
      return `The server did not take a copy of a sent message into "${folder}"; it stays in Tidings only.`;
    case 'draft':
      return `The server did not take a draft into "${folder}"; it is kept in Tidings.`;
    case 'labels':
      return `Gmail did not change the labels of ${op.uids.length === 1 ? 'a message' : `${op.uids.length} messages`}; they show Gmail's labels again.`;
    case 'expunge':
      return `The server did not delete ${op.uids.length === 1 ? 'a message' : `${op.uids.length} messages`} in "${folder}"; the folder shows the server's state again.`;
  }
}

import type { ImapFlow } from 'imapflow';
import { logger } from '../base/log';
import type { MessagesRepo } from '../store/messages-repo';
import type { PendingOp } from '../store/ops-repo';

// Queued writes of whole messages into a folder (RFC 3501 APPEND), replayed
// with the other queued actions (op-replay.ts). Both are idempotent, so a
// crash or a lost connection in the middle only makes them run again:
// - 'append' files a stored message (the Sent copy) once: a message with the
//   same Message-ID already there counts as filed;
// - 'draft' makes the Drafts folder hold exactly the current version of a
//   draft (found by its X-Tidings-Draft-Id header), or none once it is gone.

export type MailboxWrite = Extract<PendingOp, { kind: 'append' } | { kind: 'draft' }>;

export interface DraftCopy {
  raw: Buffer;
  messageId: string;
}

export interface AppendDeps {
  messages: MessagesRepo;
  /** The current version of a draft as a message; null when the draft is gone (sent or discarded). */
  draftCopy?(draftId: string): Promise<DraftCopy | null>;
}

export const DRAFT_ID_HEADER = 'X-Tidings-Draft-Id';

const log = logger('imap');

export async function replayMailboxWrite(client: ImapFlow, op: MailboxWrite, deps: AppendDeps): Promise<'done' | 'refused' | 'lost'> {
  let lock: Awaited<ReturnType<ImapFlow['getMailboxLock']>>;
  try {
    lock = await client.getMailboxLock(op.folderPath);
  } catch (error) {
    log[client.usable ? 'warn' : 'debug']({ folder: op.folderPath, op: op.kind, err: error }, 'could not open the folder to write to');
    return client.usable ? 'refused' : 'lost';
  }
  try {
    if (op.kind === 'append') await fileOnce(client, op, deps);
    else await replaceDraft(client, op, deps);
    return 'done';
  } catch (error) {
    log[client.usable ? 'warn' : 'debug']({ folder: op.folderPath, op: op.kind, err: error }, 'writing a message to a folder failed');
    return client.usable ? 'refused' : 'lost';
  } finally {
    lock.release();
  }
}

async function uidsWithHeader(client: ImapFlow, header: string, value: string): Promise<number[]> {
  const found = await client.search({ header: { [header]: value } }, { uid: true });
  return found || [];
}

async function fileOnce(client: ImapFlow, op: Extract<MailboxWrite, { kind: 'append' }>, deps: AppendDeps): Promise<void> {
  const there = await uidsWithHeader(client, 'Message-ID', op.messageId);
  if (there.length > 0) {
    deps.messages.setUid(op.rowId, there[0] as number);
    return;
  }
  const raw = deps.messages.source(op.rowId);
  if (!raw) return; // the local copy was deleted meanwhile: nothing to file
  const result = await client.append(op.folderPath, Buffer.from(raw), op.flags);
  if (!result) throw new Error('APPEND failed');
  if (result.uid) deps.messages.setUid(op.rowId, result.uid);
}

async function replaceDraft(client: ImapFlow, op: Extract<MailboxWrite, { kind: 'draft' }>, deps: AppendDeps): Promise<void> {
  const copy = (await deps.draftCopy?.(op.draftId)) ?? null;
  const versions = await uidsWithHeader(client, DRAFT_ID_HEADER, op.draftId);
  let keep: number | undefined;
  if (copy) {
    const current = versions.length ? await uidsWithHeader(client, 'Message-ID', copy.messageId) : [];
    keep = current.find((uid) => versions.includes(uid));
    if (keep === undefined) {
      const result = await client.append(op.folderPath, copy.raw, ['\\Draft', '\\Seen']);
      if (!result) throw new Error('APPEND failed');
      keep = result.uid;
    }
  }
  const old = versions.filter((uid) => uid !== keep);
  if (old.length > 0 && !(await client.messageDelete(old.join(','), { uid: true }))) throw new Error('could not delete old draft');
}

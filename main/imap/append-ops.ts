import type { ImapFlow } from 'imapflow';
import { logger } from '../base/log';
import { rawHeaderValue, readHeaderBlock } from '../mime/headers';
import type { MessagesRepo } from '../store/messages-repo';
import type { PendingOp } from '../store/ops-repo';
import { GMAIL_CAPABILITY } from './gmail-labels';

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
  // An imported message may have no Message-ID ('' here): searching for an
  // empty one would match every message, so it is simply appended.
  const there = op.messageId ? await uidsWithHeader(client, 'Message-ID', op.messageId) : [];
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
  const versions = await draftVersions(client, op.draftId);
  let keep: number | undefined;
  if (copy) {
    keep = versions.find((version) => version.messageId === copy.messageId)?.uid;
    if (keep === undefined) {
      const result = await client.append(op.folderPath, copy.raw, ['\\Draft', '\\Seen']);
      if (!result) throw new Error('APPEND failed');
      keep = result.uid;
    }
  }
  const old = versions.map((version) => version.uid).filter((uid) => uid !== keep);
  if (old.length === 0) return;
  // Gmail: deleting from [Gmail]/Drafts only takes the \Draft label away, and
  // the old version would stay in All Mail; in Trash it is gone from both.
  const trash = client.capabilities.has(GMAIL_CAPABILITY) ? (await client.list()).find((f) => f.specialUse === '\\Trash') : undefined;
  const removed = trash
    ? Boolean(await client.messageMove(old.join(','), trash.path, { uid: true }))
    : await client.messageDelete(old.join(','), { uid: true });
  if (!removed) throw new Error('could not delete old draft');
}

/**
 * The versions of a draft in the open folder (its Drafts), with their
 * Message-IDs, read from the messages' own headers rather than by SEARCH
 * HEADER: Gmail answers a search from its search index, which knows no
 * header of ours, and some servers (Stalwart) refuse such a search. A Drafts
 * folder is small; two header fields of each message cost little.
 */
async function draftVersions(client: ImapFlow, draftId: string): Promise<{ uid: number; messageId: string | undefined }[]> {
  if (!client.mailbox || client.mailbox.exists === 0) return [];
  const versions: { uid: number; messageId: string | undefined }[] = [];
  for await (const message of client.fetch('1:*', { uid: true, headers: [DRAFT_ID_HEADER, 'message-id'] }, { uid: true })) {
    const lines = readHeaderBlock(message.headers ?? Buffer.alloc(0));
    if (rawHeaderValue(lines, DRAFT_ID_HEADER.toLowerCase()) === draftId) {
      versions.push({ uid: message.uid, messageId: rawHeaderValue(lines, 'message-id') });
    }
  }
  return versions;
}

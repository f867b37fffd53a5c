import type { ImapFlow } from 'imapflow';
import { expect } from 'vitest';
import type { Account } from '../../shared/accounts';
import type { Draft, DraftAttachment, DraftFields, OutboxItem } from '../../shared/compose';
import type { EventName, Events } from '../../shared/contract';
import type { Folder } from '../../shared/mail';

// What the send tests share: uploading a file as the renderer does, saving and
// sending a draft, and looking into a mailbox with another IMAP client.

export type Dispatch = (method: string, args: unknown) => Promise<unknown>;

/** Uploads bytes in chunks through drafts.attachmentBegin/Chunk/Finish. */
export async function upload(dispatch: Dispatch, filename: string, contentType: string, bytes: Buffer): Promise<DraftAttachment> {
  const { uploadId, chunkBytes } = (await dispatch('drafts.attachmentBegin', { filename, contentType, size: bytes.length })) as {
    uploadId: string;
    chunkBytes: number;
  };
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    await dispatch('drafts.attachmentChunk', {
      uploadId,
      offset,
      base64: bytes.subarray(offset, offset + chunkBytes).toString('base64'),
    });
  }
  return (await dispatch('drafts.attachmentFinish', { uploadId })) as DraftAttachment;
}

/** The fields of a Draft as drafts.save takes them. */
export function fieldsOf(draft: Draft, change: Partial<DraftFields> = {}): DraftFields {
  const { id: _id, savedAt: _savedAt, attachments, ...rest } = draft;
  return {
    ...rest,
    attachments: attachments.map((a) => ({
      id: a.id,
      ...(a.inline ? { inline: true } : {}),
      ...(a.contentId ? { contentId: a.contentId } : {}),
    })),
    ...change,
  };
}

/** Starts a new message, saves it with these fields, returns the draft id. */
export async function saveNew(dispatch: Dispatch, accountId: string, change: Partial<DraftFields>): Promise<string> {
  const draft = (await dispatch('compose.start', { mode: 'new', accountId })) as Draft;
  const { id } = (await dispatch('drafts.save', { draft: fieldsOf(draft, change) })) as { id: string };
  return id;
}

export async function sendNow(dispatch: Dispatch, draftId: string): Promise<OutboxItem> {
  return (await dispatch('outbox.send', { draftId, undoSeconds: 0 })) as OutboxItem;
}

/** Collects the core's events of one kind. */
export function collect<E extends EventName>(
  subscribe: (listener: (event: EventName, payload: unknown) => void) => () => void,
  name: E,
): Events[E][] {
  const seen: Events[E][] = [];
  subscribe((event, payload) => {
    if (event === name) seen.push(payload as Events[E]);
  });
  return seen;
}

export async function waitForFolders(dispatch: Dispatch, account: Account): Promise<Folder[]> {
  let folders: Folder[] = [];
  await expect
    .poll(
      async () => {
        folders = (await dispatch('folders.list', { accountId: account.id })) as Folder[];
        return folders.some((f) => f.role === 'sent') && folders.some((f) => f.role === 'drafts');
      },
      { timeout: 30_000, interval: 100 },
    )
    .toBe(true);
  return folders;
}

/** UIDs of the messages with this Message-ID in a mailbox, as another client sees it. */
export async function uidsByMessageId(client: ImapFlow, path: string, messageId: string): Promise<number[]> {
  const lock = await client.getMailboxLock(path);
  try {
    // NOOP first: the other client's view of the mailbox must include what was just delivered.
    await client.noop();
    const found = await client.search({ header: { 'Message-ID': messageId } }, { uid: true });
    return found || [];
  } finally {
    lock.release();
  }
}

export async function fetchRaw(client: ImapFlow, path: string, uid: number): Promise<{ raw: Buffer; flags: Set<string> }> {
  const lock = await client.getMailboxLock(path);
  try {
    const message = await client.fetchOne(String(uid), { source: true, flags: true }, { uid: true });
    const raw = message ? message.source : undefined;
    if (!message || !raw) throw new Error(`no message ${uid} in ${path}`);
    return { raw, flags: message.flags ?? new Set() };
  } finally {
    lock.release();
  }
}

import {
  ATTACHMENT_CHUNK_BYTES,
  type Draft,
  type DraftAttachment,
  type DraftFields,
  type DraftSummary,
  draftFieldsSchema,
  MAX_ATTACHMENT_BYTES,
} from '../../shared/compose';
import { ApiError } from '../../shared/errors';
import { safeFilename } from '../base/file-names';
import { newId } from '../base/ids';
import type { UiEvents } from '../base/ui-events';
import { DRAFT_ID_HEADER } from '../imap/append-ops';
import { rawHeaderValue, readHeaderBlock } from '../mime/headers';
import type { ParsedMessage } from '../mime/types';
import { type DraftRemoval, type DraftsRepo, type StoredDraft, toDraftAttachment } from '../store/drafts-repo';
import type { FoldersRepo } from '../store/folders-repo';
import type { MessagesRepo } from '../store/messages-repo';
import type { ServerOp } from '../store/ops-repo';
import type { OutboxRepo } from '../store/outbox-repo';
import type { IdentityService } from './identities';

// Drafts: saved in the store at once (so a crash loses nothing reported
// saved), then uploaded to the server's Drafts folder through the queue of
// server operations, replacing the previous version there. Attachments are
// uploaded by the renderer in chunks and referenced by id.

export interface DraftServiceDeps {
  drafts: DraftsRepo;
  outbox: OutboxRepo;
  folders: FoldersRepo;
  messages: MessagesRepo;
  identities: IdentityService;
  events: UiEvents;
  parse(raw: Buffer): Promise<ParsedMessage>;
  attachmentOf(raw: Buffer, index: number): Promise<{ filename: string | null; contentType: string; content: Buffer }>;
  /** Downloads a message's body now when it is not stored yet (and the server can be reached). */
  ensureBody(messageId: number): Promise<unknown>;
  /** The account's sync: upload now when it can. */
  poke(accountId: string, folderIds: number[]): void;
}

/** Unused uploads are kept this long (an editor may still be about to save the draft that uses them). */
const UNUSED_ATTACHMENT_MS = 24 * 60 * 60_000;

export class DraftService {
  constructor(private readonly deps: DraftServiceDeps) {}

  /** Creates (no id, or an id not stored yet) or replaces a draft. */
  save(id: string | undefined, fields: DraftFields): { id: string; savedAt: string } {
    const draftId = id ?? newId('d');
    this.deps.identities.resolve(fields.accountId, fields.identityId);
    if (this.deps.outbox.byDraft(draftId)) {
      throw new ApiError('conflict', 'This message is in the Outbox. Undo the send to change it.');
    }
    for (const ref of fields.attachments) this.requireAttachment(ref.id);
    const previous = this.deps.drafts.get(draftId);
    const savedAt = new Date().toISOString();
    // A draft moved to another account leaves the old account's Drafts folder.
    const accounts = previous && previous.accountId !== fields.accountId ? [fields.accountId, previous.accountId] : [fields.accountId];
    this.deps.drafts.put(draftId, fields, savedAt, this.serverCopies(accounts, draftId));
    this.changed(fields.accountId, draftId);
    return { id: draftId, savedAt };
  }

  get(id: string): Draft {
    const stored = this.deps.drafts.get(id);
    if (!stored) throw new ApiError('not_found', 'That draft does not exist (any more).');
    return this.toDraft(stored);
  }

  list(accountId?: string): DraftSummary[] {
    return this.deps.drafts.list(accountId).map((d) => ({
      id: d.id,
      accountId: d.accountId,
      subject: d.fields.subject,
      to: d.fields.to,
      savedAt: d.savedAt,
    }));
  }

  delete(id: string): void {
    const stored = this.deps.drafts.get(id);
    if (!stored) throw new ApiError('not_found', 'That draft does not exist (any more).');
    if (this.deps.outbox.byDraft(id)) throw new ApiError('conflict', 'This message is in the Outbox. Undo the send first.');
    this.discard(stored);
  }

  /** Removes a draft locally and (through the queue) from the server. */
  discard(stored: StoredDraft): void {
    const removal = this.removal(stored);
    this.deps.drafts.delete(removal.id, removal.serverCopies);
    this.changed(stored.accountId, stored.id);
  }

  /**
   * What discard() writes, for a store method that removes the draft as one
   * step of a larger change (sending: OutboxRepo.finish); the caller emits drafts.changed.
   */
  removal(stored: StoredDraft): DraftRemoval {
    return { id: stored.id, serverCopies: this.serverCopies([stored.accountId], stored.id) };
  }

  /** Opens a message of a Drafts folder: the draft Tidings wrote it from, or a new draft made from its content. */
  async open(messageId: number): Promise<Draft> {
    const row = this.deps.messages.get(messageId);
    if (!row) throw new ApiError('not_found', 'That message does not exist (any more).');
    await this.deps.ensureBody(messageId);
    const raw = this.deps.messages.source(messageId);
    if (!raw) throw new ApiError('not_found', 'This draft has not been downloaded yet; connect to the server to open it.');
    const source = Buffer.from(raw);
    const ownId = rawHeaderValue(readHeaderBlock(source), DRAFT_ID_HEADER.toLowerCase())?.trim();
    const validId = ownId && /^d_[A-Za-z0-9_-]{8,64}$/.test(ownId) ? ownId : undefined;
    if (validId && this.deps.drafts.get(validId)) return this.get(validId);
    const parsed = await this.deps.parse(source);
    const attachments: DraftFields['attachments'] = [];
    for (let index = 0; index < parsed.attachments.length; index++) {
      const part = await this.deps.attachmentOf(source, index);
      const info = parsed.attachments[index];
      const id = this.storeAttachment(safeFilename(part.filename, part.contentType), part.contentType, part.content);
      attachments.push({
        id,
        ...(info?.inline && info.contentId ? { inline: true, contentId: info.contentId.replace(/[^A-Za-z0-9._@-]/g, '') } : {}),
      });
    }
    const identity = this.deps.identities.resolve(row.account_id, null);
    const fields = draftFieldsSchema.parse({
      accountId: row.account_id,
      identityId: identity.id,
      to: parsed.to,
      cc: parsed.cc,
      bcc: parsed.bcc,
      subject: parsed.subject.replace(/[\r\n\t]+/g, ' ').slice(0, 2000),
      body: parsed.html !== null ? { format: 'html', html: parsed.html } : { format: 'plain', text: parsed.text },
      attachments,
      inReplyTo: parsed.inReplyTo && /^<[^\s<>]+>$/.test(parsed.inReplyTo) ? parsed.inReplyTo : null,
      references: parsed.references.filter((r) => /^<[^\s<>]+>$/.test(r)).slice(-100),
      source: null,
    });
    const { id } = this.save(validId, fields);
    return this.get(id);
  }

  // ---- attachments ----

  beginUpload(filename: string, contentType: string, size: number): { uploadId: string; chunkBytes: number } {
    const id = newId('a');
    this.deps.drafts.beginAttachment(id, safeFilename(filename, contentType), contentType.toLowerCase(), size);
    this.deps.drafts.deleteUnused(Date.now() - UNUSED_ATTACHMENT_MS);
    return { uploadId: `u_${id.slice(2)}`, chunkBytes: ATTACHMENT_CHUNK_BYTES };
  }

  uploadChunk(uploadId: string, offset: number, base64: string): { received: number } {
    const id = `a_${uploadId.slice(2)}`;
    const upload = this.deps.drafts.attachment(id);
    if (!upload || upload.complete) throw new ApiError('not_found', 'That upload does not exist or is finished.');
    if (offset !== upload.received) {
      throw new ApiError('invalid_argument', `Chunks must come in order: expected offset ${upload.received}, got ${offset}.`);
    }
    const data = Buffer.from(base64, 'base64');
    if (data.length > ATTACHMENT_CHUNK_BYTES) throw new ApiError('invalid_argument', 'That chunk is too large.');
    if (upload.received + data.length > upload.size) {
      throw new ApiError('invalid_argument', `The file is larger than the ${upload.size} bytes announced.`);
    }
    this.deps.drafts.appendChunk(id, offset, data);
    return { received: upload.received + data.length };
  }

  finishUpload(uploadId: string): DraftAttachment {
    const id = `a_${uploadId.slice(2)}`;
    const upload = this.deps.drafts.attachment(id);
    if (!upload || upload.complete) throw new ApiError('not_found', 'That upload does not exist or is finished.');
    if (upload.received !== upload.size) {
      throw new ApiError('invalid_argument', `Only ${upload.received} of ${upload.size} bytes arrived; send the rest first.`);
    }
    this.deps.drafts.completeAttachment(id);
    return toDraftAttachment({ ...upload, complete: true }, {});
  }

  attachmentContent(id: string): { attachment: DraftAttachment; base64: string } {
    const stored = this.requireAttachment(id);
    return { attachment: toDraftAttachment(stored, {}), base64: this.deps.drafts.content(id).toString('base64') };
  }

  /** Stores bytes taken from a stored message (forwarding, reopening a draft); returns the attachment id. */
  storeAttachment(filename: string, contentType: string, content: Buffer): string {
    if (content.length > MAX_ATTACHMENT_BYTES) {
      throw new ApiError(
        'invalid_argument',
        `"${filename}" is larger than the ${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MB Tidings attaches.`,
      );
    }
    const id = newId('a');
    this.deps.drafts.putAttachment(id, filename, contentType, content);
    return id;
  }

  // ---- the server copy ----

  toDraft(stored: StoredDraft): Draft {
    return {
      ...stored.fields,
      id: stored.id,
      savedAt: stored.savedAt,
      attachments: stored.fields.attachments.flatMap((ref) => {
        const attachment = this.deps.drafts.attachment(ref.id);
        return attachment?.complete ? [toDraftAttachment(attachment, ref)] : [];
      }),
    };
  }

  private requireAttachment(id: string) {
    const attachment = this.deps.drafts.attachment(id);
    if (!attachment?.complete) throw new ApiError('not_found', 'An attachment of this draft is missing (its upload did not finish).');
    return attachment;
  }

  /** "Make the server's Drafts folder match this draft", for those of these accounts that are IMAP accounts with a Drafts folder. */
  private serverCopies(accountIds: readonly string[], draftId: string): ServerOp[] {
    return accountIds.flatMap((accountId) => {
      const folder = this.deps.folders.byRole(accountId, 'drafts');
      const account = this.deps.identities.account(accountId);
      if (!folder || account.incoming.protocol !== 'imap') return [];
      return [{ accountId, op: { kind: 'draft', folderPath: folder.path, draftId } }];
    });
  }

  private changed(accountId: string, draftId: string): void {
    this.deps.events.emit('drafts.changed', { accountId, draftId });
    const folder = this.deps.folders.byRole(accountId, 'drafts');
    this.deps.poke(accountId, folder ? [folder.id] : []);
  }
}

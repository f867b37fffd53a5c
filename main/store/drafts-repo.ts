import type { DraftAttachment, DraftFields } from '../../shared/compose';
import { type Database, sql, transaction } from './database';
import { OpsRepo, type ServerOp } from './ops-repo';

// Drafts (the fields as the user wrote them) and the attachment bytes they
// reference. An attachment is uploaded in chunks, each one row, so that a
// large file never has to be rewritten to grow; it is usable once complete.
// Saving or deleting a draft queues the update of its copy on the server
// (pending_ops, through OpsRepo on this connection) in the same transaction.

export interface StoredDraft {
  id: string;
  accountId: string;
  fields: DraftFields;
  savedAt: string;
  version: number;
}

interface DraftRow {
  id: string;
  account_id: string;
  fields_json: string;
  saved_at: string;
  version: number;
}

interface AttachmentRow {
  id: string;
  filename: string;
  content_type: string;
  size: number;
  received: number;
  complete: number;
  created_at: number;
}

export interface StoredAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  received: number;
  complete: boolean;
}

function draftFromRow(row: DraftRow): StoredDraft {
  return {
    id: row.id,
    accountId: row.account_id,
    fields: JSON.parse(row.fields_json) as DraftFields,
    savedAt: row.saved_at,
    version: row.version,
  };
}

function attachmentFromRow(row: AttachmentRow): StoredAttachment {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    size: row.size,
    received: row.received,
    complete: row.complete === 1,
  };
}

/** A draft to delete, with the ops that update its copy on the server (see DraftsRepo.delete). */
export interface DraftRemoval {
  id: string;
  serverCopies: readonly ServerOp[];
}

export class DraftsRepo {
  private readonly ops: OpsRepo;

  constructor(private readonly db: Database) {
    this.ops = new OpsRepo(db);
  }

  get(id: string): StoredDraft | undefined {
    const row = sql(this.db, 'SELECT * FROM drafts WHERE id = ?').get(id) as unknown as DraftRow | undefined;
    return row ? draftFromRow(row) : undefined;
  }

  list(accountId?: string): StoredDraft[] {
    const rows = sql(this.db, 'SELECT * FROM drafts WHERE (? IS NULL OR account_id = ?) ORDER BY saved_at DESC').all(
      accountId ?? null,
      accountId ?? null,
    ) as unknown as DraftRow[];
    return rows.map(draftFromRow);
  }

  /**
   * Creates or replaces a draft and its attachment references, and requeues
   * `serverCopies` (an identical op still waiting is dropped: one upload of the
   * latest version is enough), in one transaction. Returns the new version.
   */
  put(id: string, fields: DraftFields, savedAt: string, serverCopies: readonly ServerOp[] = []): number {
    return transaction(this.db, () => {
      const row = sql(
        this.db,
        `INSERT INTO drafts (id, account_id, fields_json, saved_at, version) VALUES (?, ?, ?, ?, 1)
         ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, fields_json = excluded.fields_json,
           saved_at = excluded.saved_at, version = drafts.version + 1
         RETURNING version`,
      ).get(id, fields.accountId, JSON.stringify(fields), savedAt) as { version: number };
      sql(this.db, 'DELETE FROM draft_attachment_refs WHERE draft_id = ?').run(id);
      const ref = sql(this.db, 'INSERT OR IGNORE INTO draft_attachment_refs (draft_id, attachment_id) VALUES (?, ?)');
      for (const attachment of fields.attachments) ref.run(id, attachment.id);
      this.requeue(serverCopies);
      return row.version;
    });
  }

  /** Deletes a draft and requeues `serverCopies` (its removal from the server), in one transaction. */
  delete(id: string, serverCopies: readonly ServerOp[] = []): boolean {
    return transaction(this.db, () => {
      const deleted = sql(this.db, 'DELETE FROM drafts WHERE id = ?').run(id).changes > 0;
      this.requeue(serverCopies);
      return deleted;
    });
  }

  private requeue(serverCopies: readonly ServerOp[]): void {
    for (const { accountId, op } of serverCopies) this.ops.requeue(accountId, op);
  }

  // ---- attachments ----

  beginAttachment(id: string, filename: string, contentType: string, size: number): void {
    sql(this.db, 'INSERT INTO compose_attachments (id, filename, content_type, size, created_at) VALUES (?, ?, ?, ?, ?)').run(
      id,
      filename,
      contentType,
      size,
      Date.now(),
    );
  }

  attachment(id: string): StoredAttachment | undefined {
    const row = sql(this.db, 'SELECT * FROM compose_attachments WHERE id = ?').get(id) as unknown as AttachmentRow | undefined;
    return row ? attachmentFromRow(row) : undefined;
  }

  /** Appends a chunk at `offset` (= the bytes received so far), in one transaction. */
  appendChunk(id: string, offset: number, data: Uint8Array): void {
    transaction(this.db, () => this.insertChunk(id, offset, data));
  }

  private insertChunk(id: string, offset: number, data: Uint8Array): void {
    sql(this.db, 'INSERT INTO compose_attachment_chunks (attachment_id, offset, data) VALUES (?, ?, ?)').run(id, offset, data);
    sql(this.db, 'UPDATE compose_attachments SET received = received + ? WHERE id = ?').run(data.length, id);
  }

  completeAttachment(id: string): void {
    sql(this.db, 'UPDATE compose_attachments SET complete = 1 WHERE id = ?').run(id);
  }

  /** A whole attachment in one go (taken from a forwarded message), in one transaction. */
  putAttachment(id: string, filename: string, contentType: string, content: Uint8Array): void {
    transaction(this.db, () => {
      this.beginAttachment(id, filename, contentType, content.length);
      this.insertChunk(id, 0, content);
      this.completeAttachment(id);
    });
  }

  content(id: string): Buffer {
    const rows = sql(this.db, 'SELECT data FROM compose_attachment_chunks WHERE attachment_id = ? ORDER BY offset').all(id) as {
      data: Uint8Array;
    }[];
    return Buffer.concat(rows.map((row) => row.data));
  }

  /** Uploads never finished and attachments no draft uses, older than `before` (ms since epoch). */
  deleteUnused(before: number): number {
    return Number(
      sql(
        this.db,
        'DELETE FROM compose_attachments WHERE created_at < ? AND id NOT IN (SELECT attachment_id FROM draft_attachment_refs)',
      ).run(before).changes,
    );
  }
}

/** A stored attachment as the contract shows it, with how a draft uses it. */
export function toDraftAttachment(
  stored: StoredAttachment,
  use: { inline?: boolean | undefined; contentId?: string | undefined },
): DraftAttachment {
  return {
    id: stored.id,
    filename: stored.filename,
    contentType: stored.contentType,
    size: stored.size,
    inline: use.inline ?? false,
    contentId: use.contentId ?? null,
  };
}

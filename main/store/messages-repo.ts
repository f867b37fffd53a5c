import { type Address, MAX_DOWNLOAD_BYTES, type MessageSummary, type UnifiedView, type ViewCounts } from '../../shared/mail';
import type { SearchQuery } from '../../shared/search-query';
import { type Database, sql, transaction } from './database';
import { MessagePages, type PageRequest } from './message-pages';
import { BODY_STATE, type MessageRow, SUMMARY_COLUMNS, toSummary } from './message-row';
import { OpsRepo, type ServerOp } from './ops-repo';
import { Pop3UidlsRepo } from './pop3-uidls-repo';
import { type IndexedRow, KEY_ROW, type KeyRow, SearchIndex } from './search-index';
import type { SearchPage, SearchPaging, SearchScope } from './search-plan';
import type { SourceFiles, SourceRef } from './source-files';
import { SourcePacks } from './source-packs';
import { ThreadsRepo } from './threads-repo';
import { UnifiedViews } from './unified-views';

// The messages: their rows (metadata, flags, where the raw source is), read
// by the API in pages. A message's row, its raw source (a pack: see
// source-packs.ts) and its full-text index entry (search-index.ts) change
// together, through the methods here. Each method that writes runs in one
// transaction of its own (or as one step of the caller's: see
// database.ts's transaction()); sync writes in batches, one transaction each.
// A change that also queues work for the server (pending_ops, or a POP3
// UIDL) writes it in that same transaction, on this connection.

/** What the sync engine knows of a message from its headers (before the body is fetched). */
export interface HeaderRecord {
  uid: number;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  subject: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  replyTo: Address[];
  date: number;
  flags: number;
  keywords: string[];
  size: number;
  /** On Gmail (X-GM-EXT-1): the message's identity, its conversation, and its labels. */
  gmail?: GmailIdentity | undefined;
}

/** What Gmail says of a message beyond IMAP: X-GM-MSGID, X-GM-THRID, X-GM-LABELS (decimal ids; labels as the server names them). */
export interface GmailIdentity {
  msgid: string;
  thrid: string | null;
  labels: string[];
}

/** A row whose body is still to be fetched (withoutBody, withoutBodyIn). */
export interface MissingBody {
  id: number;
  folder_id: number;
  uid: number;
  size: number;
  /** On Gmail, the message (its rows in other folders fetch the same body). */
  gm_msgid: string | null;
}

/** What the body adds once it is fetched and parsed. */
export interface BodyRecord {
  raw: Uint8Array;
  parsed: boolean;
  snippet: string;
  hasAttachments: boolean;
  /** The body's text, for the index's body column. */
  searchText: string;
  /** The attachments' file names, for the index's files column (filename:). */
  attachmentNames?: readonly string[] | undefined;
}

/** A fetched body to store, and where its raw bytes were written (by writeSources) ahead of the transaction. */
export interface BodyToStore {
  id: number;
  body: BodyRecord;
  written?: SourceRef | undefined;
}

/** A whole message a POP3 session downloaded, parsed, its bytes written ahead of the transaction. */
export interface DownloadedToStore {
  uidl: string;
  header: Omit<HeaderRecord, 'uid'>;
  body: BodyRecord;
  written: SourceRef;
}

/** A POP3 message listed by its headers only (too large to download). */
export interface TooLargeToStore {
  uidl: string;
  header: Omit<HeaderRecord, 'uid'>;
}

/** The flags the server reports for one message. */
export interface ServerFlags {
  uid: number;
  flags: number;
  keywords: string[];
  /** On Gmail: the message's labels now (a label change is reported like a flag change). */
  labels?: string[] | undefined;
}

/**
 * A change of Gmail labels, applied to the store in one transaction with the
 * ops that take it to the server (MailService decides what it means).
 */
export interface RelabelPlan {
  /** The messages' labels now, for every row of each (rows of one message share them). */
  labels: { rowId: number; labels: string[] }[];
  /** A row for the message in a label's folder, until that folder's sync finds it on the server. */
  add: { fromId: number; folderId: number }[];
  /** Rows leaving a label's folder (the message stays in its other folders). */
  remove: number[];
  /** Rows that go to another folder (the message's last row, leaving a label: it stays in All Mail). */
  move: { id: number; folderId: number }[];
}

/** What the index takes of a header record: the row's columns it reads. */
function indexedRow(r: Omit<HeaderRecord, 'uid'>): IndexedRow {
  return {
    subject: r.subject,
    from_name: r.from?.name ?? null,
    from_address: r.from?.address ?? null,
    to_json: JSON.stringify(r.to),
    cc_json: JSON.stringify(r.cc),
  };
}

/** The columns of a message's content, shared by the rows of one Gmail message. */
const CONTENT_COLUMNS = 'snippet, has_attachments, body_state, source_file, source_offset, source_length, content_id';

export class MessagesRepo {
  private readonly packs: SourcePacks;
  private readonly index: SearchIndex;
  /** The queue of server work and the POP3 UIDLs, written in the same transactions as the rows (same connection). */
  private readonly ops: OpsRepo;
  private readonly uidls: Pop3UidlsRepo;
  /** Conversations: every row is given its thread as it is inserted, in the same transaction (threads-repo.ts). */
  readonly threads: ThreadsRepo;
  private readonly pages: MessagePages;
  private readonly views: UnifiedViews;

  constructor(
    private readonly db: Database,
    sources: SourceFiles,
  ) {
    this.packs = new SourcePacks(db, sources);
    this.index = new SearchIndex(db);
    this.ops = new OpsRepo(db);
    this.uidls = new Pop3UidlsRepo(db);
    this.threads = new ThreadsRepo(db);
    this.pages = new MessagePages(db);
    this.views = new UnifiedViews(db, this.pages);
  }

  // ---- written by sync ----

  /**
   * Adds a batch of messages found on the server, in one transaction. A row
   * that a local move left without a UID is matched by Message-ID and given
   * its UID instead of a duplicate. Returns how many rows are new.
   */
  upsertHeaders(accountId: string, folderId: number, records: readonly HeaderRecord[]): number {
    return transaction(this.db, () => {
      const adopt = sql(
        this.db,
        'UPDATE messages SET uid = ?, flags = ? WHERE id = (SELECT id FROM messages WHERE folder_id = ? AND uid IS NULL AND message_id = ? LIMIT 1)',
      );
      const adoptGmail = sql(
        this.db,
        'UPDATE messages SET uid = ?, flags = ? WHERE id = (SELECT id FROM messages WHERE folder_id = ? AND uid IS NULL AND account_id = ? AND gm_msgid = ? LIMIT 1)',
      );
      // Rows to adopt are those a local move or a Sent copy left without a UID: none in
      // most folders, and never in a first sync's. One look per batch spares every
      // row its lookup (a tenth of a header row's cost: bench/store.ts).
      const adopting = this.hasRowsWithoutUid(folderId);
      let added = 0;
      // Findable from now on, by subject and people; the body's text joins when it is stored.
      const headers: { key: number; row: IndexedRow }[] = [];
      for (const r of records) {
        if (r.gmail) {
          if (!adopting || adoptGmail.run(r.uid, r.flags, folderId, accountId, r.gmail.msgid).changes === 0) {
            const { key, shared } = this.index.newKey(accountId, r.gmail.msgid, r.date);
            const inserted = this.insertRow(accountId, folderId, r.uid, r, key);
            if (inserted.changes > 0) {
              added++;
              this.shareContentWith(Number(inserted.lastInsertRowid), accountId, r.gmail.msgid);
              if (!shared) headers.push({ key, row: indexedRow(r) });
            }
          }
          this.setGmailState(accountId, r.gmail.msgid, r.flags, r.keywords, r.gmail.labels);
          continue;
        }
        if (adopting && r.messageId && adopt.run(r.uid, r.flags, folderId, r.messageId).changes > 0) continue;
        const { key } = this.index.newKey(accountId, null, r.date);
        if (this.insertRow(accountId, folderId, r.uid, r, key).changes > 0) {
          added++;
          headers.push({ key, row: indexedRow(r) });
        }
      }
      this.index.addHeaders(headers);
      return added;
    });
  }

  /** Whether the folder has rows without a server UID (upsertHeaders adopts them). */
  private hasRowsWithoutUid(folderId: number): boolean {
    return sql(this.db, 'SELECT 1 FROM messages WHERE folder_id = ? AND uid IS NULL LIMIT 1').get(folderId) !== undefined;
  }

  /** A new row of a Gmail message whose content is stored already (under another label) shares it: no second download. */
  private shareContentWith(id: number, accountId: string, msgid: string): void {
    sql(
      this.db,
      `UPDATE messages SET (${CONTENT_COLUMNS}) = (SELECT ${CONTENT_COLUMNS} FROM messages
         WHERE account_id = ? AND gm_msgid = ? AND content_id IS NOT NULL LIMIT 1)
       WHERE id = ? AND EXISTS (SELECT 1 FROM messages WHERE account_id = ? AND gm_msgid = ? AND content_id IS NOT NULL)`,
    ).run(accountId, msgid, id, accountId, msgid);
  }

  /** Gmail keeps flags and labels per message: what one folder reports holds for the message's rows in every folder. */
  private setGmailState(accountId: string, msgid: string, flags: number, keywords: readonly string[], labels: readonly string[]): number {
    const keywordsJson = keywords.length ? JSON.stringify(keywords) : null;
    const labelsJson = JSON.stringify(labels);
    return Number(
      sql(
        this.db,
        `UPDATE messages SET flags = ?, keywords_json = ?, labels_json = ?
         WHERE account_id = ? AND gm_msgid = ?
           AND (flags != ? OR IFNULL(keywords_json, '') != IFNULL(?, '') OR IFNULL(labels_json, '') != ?)`,
      ).run(flags, keywordsJson, labelsJson, accountId, msgid, flags, keywordsJson, labelsJson).changes,
    );
  }

  /**
   * Adds a message without a server UID: downloaded by POP3, or written by
   * Tidings itself (the Sent copy of a message it sent, shown at once; the
   * APPEND reports its UID, or the next sync adopts the row by Message-ID, see
   * upsertHeaders). Returns its id; storeBody adds the body.
   */
  insertLocal(accountId: string, folderId: number, record: Omit<HeaderRecord, 'uid'>): number {
    return transaction(this.db, () => {
      const { key } = this.index.newKey(accountId, null, record.date);
      const id = Number(this.insertRow(accountId, folderId, null, record, key).lastInsertRowid);
      this.index.addHeaders([{ key, row: indexedRow(record) }]);
      return id;
    });
  }

  /** insertLocal for a row whose body is stored next, in the same transaction (storeOne gives it its key and entry then). */
  private insertWithBody(accountId: string, folderId: number, record: Omit<HeaderRecord, 'uid'>): number {
    return Number(this.insertRow(accountId, folderId, null, record, null).lastInsertRowid);
  }

  /** Inside the caller's transaction: the row and its place in a thread (which its keys join even when the row was there already). */
  private insertRow(accountId: string, folderId: number, uid: number | null, r: Omit<HeaderRecord, 'uid'>, searchKey: number | null) {
    const threadId = this.threads.threadFor(accountId, {
      messageId: r.messageId,
      inReplyTo: r.inReplyTo,
      references: r.references,
      gmThrid: r.gmail?.thrid ?? null,
    });
    return sql(
      this.db,
      `INSERT OR IGNORE INTO messages (account_id, folder_id, uid, message_id, in_reply_to, references_json, subject,
         from_name, from_address, to_json, cc_json, reply_to_json, date, flags, keywords_json, size, gm_msgid, gm_thrid, labels_json, search_key, thread_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      accountId,
      folderId,
      uid,
      r.messageId,
      r.inReplyTo,
      r.references.length ? JSON.stringify(r.references) : null,
      r.subject,
      r.from?.name ?? null,
      r.from?.address ?? null,
      JSON.stringify(r.to),
      JSON.stringify(r.cc),
      JSON.stringify(r.replyTo),
      r.date,
      r.flags,
      r.keywords.length ? JSON.stringify(r.keywords) : null,
      r.size,
      r.gmail?.msgid ?? null,
      r.gmail?.thrid ?? null,
      r.gmail ? JSON.stringify(r.gmail.labels) : null,
      searchKey,
      threadId,
    );
  }

  /** UIDs of a folder's messages, ascending. */
  uids(folderId: number): number[] {
    const rows = sql(this.db, 'SELECT uid FROM messages WHERE folder_id = ? AND uid IS NOT NULL ORDER BY uid').all(folderId) as {
      uid: number;
    }[];
    return rows.map((r) => r.uid);
  }

  /** Sets the server's flags (and, on Gmail, labels) of a folder's messages, in one transaction; returns how many messages changed. */
  setServerFlags(folderId: number, changes: readonly ServerFlags[]): number {
    return transaction(this.db, () => {
      const statement = sql(
        this.db,
        "UPDATE messages SET flags = ?, keywords_json = ? WHERE folder_id = ? AND uid = ? AND (flags != ? OR IFNULL(keywords_json, '') != IFNULL(?, ''))",
      );
      const gmailRow = sql(this.db, 'SELECT account_id, gm_msgid FROM messages WHERE folder_id = ? AND uid = ? AND gm_msgid IS NOT NULL');
      let changed = 0;
      for (const { uid, flags, keywords, labels } of changes) {
        const gmail = labels ? (gmailRow.get(folderId, uid) as { account_id: string; gm_msgid: string } | undefined) : undefined;
        if (gmail && labels) {
          if (this.setGmailState(gmail.account_id, gmail.gm_msgid, flags, keywords, labels) > 0) changed++;
          continue;
        }
        const json = keywords.length ? JSON.stringify(keywords) : null;
        if (statement.run(flags, json, folderId, uid, flags, json).changes > 0) changed++;
      }
      return changed;
    });
  }

  /** Removes messages the server no longer has, in one transaction; returns how many went. */
  deleteUids(folderId: number, uids: readonly number[]): number {
    return transaction(this.db, () => {
      const statement = sql(this.db, 'DELETE FROM messages WHERE folder_id = ? AND uid = ?');
      let deleted = 0;
      for (const uid of uids) deleted += Number(statement.run(folderId, uid).changes);
      return deleted;
    });
  }

  /** Forgets every message of a folder (its UIDVALIDITY changed: the old UIDs mean nothing now). */
  clearFolder(folderId: number): void {
    transaction(this.db, () => sql(this.db, 'DELETE FROM messages WHERE folder_id = ?').run(folderId));
  }

  /**
   * Messages whose body is still to be fetched, newest first (none over
   * MAX_DOWNLOAD_BYTES: those are never downloaded). Of a Gmail
   * message listed in several folders, only one row is asked for (the first
   * stored); the others get its content when it is stored (storeOne).
   */
  withoutBody(accountId: string, limit: number, notBefore = 0): MissingBody[] {
    return sql(
      this.db,
      `SELECT id, folder_id, uid, size, gm_msgid FROM messages m
         WHERE account_id = ? AND body_state = 0 AND uid IS NOT NULL AND date >= ? AND size <= ${MAX_DOWNLOAD_BYTES}
           AND (gm_msgid IS NULL OR NOT EXISTS (SELECT 1 FROM messages s
                 WHERE s.account_id = m.account_id AND s.gm_msgid = m.gm_msgid AND s.id < m.id AND s.body_state = 0 AND s.uid IS NOT NULL))
         ORDER BY date DESC LIMIT ?`,
    ).all(accountId, notBefore, limit) as unknown as MissingBody[];
  }

  /**
   * The rows of one folder whose body is still to be fetched, newest first:
   * on Gmail also those of a message whose row in another folder withoutBody
   * would offer (any row of a message fetches its body for all), so the caller
   * must not ask for a message (gm_msgid) that is on its way already. Not
   * checking the message's other rows is what keeps this cheap: on a Gmail
   * first sync most rows of All Mail have one in the Inbox or a label.
   */
  withoutBodyIn(accountId: string, folderId: number, limit: number, notBefore = 0): MissingBody[] {
    return sql(
      this.db,
      `SELECT id, folder_id, uid, size, gm_msgid FROM messages
         WHERE account_id = ? AND body_state = 0 AND uid IS NOT NULL AND date >= ? AND folder_id = ? AND size <= ${MAX_DOWNLOAD_BYTES}
         ORDER BY date DESC LIMIT ?`,
    ).all(accountId, notBefore, folderId, limit) as unknown as MissingBody[];
  }

  // ---- bodies: the row, the pack and the index entry together ----

  /**
   * Writes a batch's raw messages as one pack, off this thread, ahead of the
   * transaction that stores them (storeBodies, storeDownloaded); start it
   * before parsing the batch, so that both go on at once. On a failure no
   * file of the batch is left.
   */
  writeSources(raws: readonly Uint8Array[]): Promise<SourceRef[]> {
    return this.packs.write(raws);
  }

  /** Packs written by writeSources whose messages will not be stored after all. */
  discardSources(refs: readonly SourceRef[]): void {
    this.packs.discard(refs);
  }

  /**
   * Stores a batch of fetched bodies (where their raw bytes were written,
   * what their parse gave) and indexes them, in one transaction. Returns how
   * many were stored: not those stored already or deleted meanwhile.
   */
  storeBodies(bodies: readonly BodyToStore[]): number {
    return transaction(this.db, () => {
      // In ascending key order (the index's rowid, search-index.ts): FTS5 keeps
      // a transaction's new entries in memory only while rowids grow, and
      // writes a segment of its own at every step back. Bodies come newest
      // first, so the batch's own order made a segment per message: 4.6× the
      // index time (bench/store.ts). Rows without a key yet go last, by id.
      const keys = bodies.map((b) => this.index.keyOf(b.id) ?? Number.MAX_SAFE_INTEGER);
      const order = bodies
        .map((_, i) => i)
        .sort((a, b) => (keys[a] as number) - (keys[b] as number) || (bodies[a] as BodyToStore).id - (bodies[b] as BodyToStore).id);
      let stored = 0;
      for (const i of order) {
        const { id, body, written } = bodies[i] as BodyToStore;
        if (this.storeOne(id, body, written)) stored++;
      }
      return stored;
    });
  }

  /**
   * Stores one fetched body and indexes it (in a transaction of its own, or
   * as a step of the caller's): storeBodies for one message. Without
   * `written`, its bytes are written here.
   */
  storeBody(id: number, body: BodyRecord, written?: SourceRef): boolean {
    return transaction(this.db, () => this.storeOne(id, body, written));
  }

  /**
   * Stores the messages a POP3 session downloaded, in one transaction: each
   * one's row, body, index entry and UIDL together, so a UIDL is recorded
   * exactly when its message is in the store. Idempotent, like storing IMAP
   * bodies: a batch stored again (the worker died after committing) adds
   * nothing twice.
   */
  storeDownloaded(accountId: string, folderId: number, arrivedAt: number, messages: readonly DownloadedToStore[]): void {
    transaction(this.db, () => {
      for (const { uidl, header, body, written } of messages) {
        if (this.uidls.has(accountId, uidl)) {
          this.packs.queueGarbage(written.file);
          continue;
        }
        const id = this.insertWithBody(accountId, folderId, header);
        this.storeOne(id, body, written);
        this.uidls.record(accountId, uidl, id, arrivedAt);
      }
    });
  }

  /**
   * Lists POP3 messages too large to download (over MAX_DOWNLOAD_BYTES: the
   * reader then says to open them on the server) by their headers alone (from
   * TOP), each row with its UIDL, in one transaction. No body: the row's
   * body_state stays 'missing', which is also how the deletion rules know
   * the message is not here (Pop3UidlsRepo.downloaded).
   */
  storeTooLarge(accountId: string, folderId: number, arrivedAt: number, messages: readonly TooLargeToStore[]): void {
    transaction(this.db, () => {
      const headers: { key: number; row: IndexedRow }[] = [];
      for (const { uidl, header } of messages) {
        if (this.uidls.has(accountId, uidl)) continue;
        const { key } = this.index.newKey(accountId, null, header.date);
        const id = Number(this.insertRow(accountId, folderId, null, header, key).lastInsertRowid);
        headers.push({ key, row: indexedRow(header) });
        this.uidls.record(accountId, uidl, id, arrivedAt);
      }
      this.index.addHeaders(headers);
    });
  }

  /**
   * Stores imported messages (main/import), each one's row and body, inside
   * the caller's transaction (ImportsRepo.storeBatch, which records the
   * import's progress with them). With `append`, each is also queued for
   * APPEND to that folder on the server (an IMAP folder: the row shows at
   * once, the APPEND gives it its UID). Returns the new rows' ids.
   */
  storeImported(
    accountId: string,
    folderId: number,
    messages: readonly { header: Omit<HeaderRecord, 'uid'>; body: BodyRecord; written: SourceRef; appendFlags: string[] }[],
    append?: { folderPath: string },
  ): number[] {
    return transaction(this.db, () =>
      messages.map(({ header, body, written, appendFlags }) => {
        const rowId = this.insertWithBody(accountId, folderId, header);
        this.storeOne(rowId, body, written);
        if (append) {
          this.ops.enqueue(accountId, {
            kind: 'append',
            folderPath: append.folderPath,
            rowId,
            messageId: header.messageId ?? '',
            flags: appendFlags,
          });
        }
        return rowId;
      }),
    );
  }

  /**
   * Stores a message Tidings wrote itself (the Sent copy of a message it
   * sent), row and body, unless the folder holds its Message-ID already; with
   * `append`, queues its APPEND to that folder on the server, in the same
   * transaction. Returns its row id; undefined when it was there already.
   */
  storeCopy(
    accountId: string,
    folderId: number,
    record: Omit<HeaderRecord, 'uid'> & { messageId: string },
    body: BodyRecord,
    append?: { folderPath: string; flags: string[] },
  ): number | undefined {
    return transaction(this.db, () => {
      if (this.byMessageId(folderId, record.messageId).length > 0) return undefined;
      const rowId = this.insertWithBody(accountId, folderId, record);
      this.storeOne(rowId, body);
      if (append) {
        this.ops.enqueue(accountId, {
          kind: 'append',
          folderPath: append.folderPath,
          rowId,
          messageId: record.messageId,
          flags: append.flags,
        });
      }
      return rowId;
    });
  }

  /**
   * Stores a body (where its raw bytes were written, what its parse gave) and
   * indexes it; inside the caller's transaction. A rollback leaves only an
   * orphan pack, swept at the next start; a body not stored (stored already,
   * or gone) leaves dead bytes in its pack, for the garbage collector.
   */
  private storeOne(id: number, body: BodyRecord, written?: SourceRef): boolean {
    const row = sql(this.db, `SELECT ${KEY_ROW}, has_attachments FROM messages WHERE id = ?`).get(id) as unknown as
      | (KeyRow & { has_attachments: number })
      | undefined;
    if (row?.body_state !== BODY_STATE.missing) {
      // gone meanwhile, or stored already: never twice in the index
      if (written) this.packs.queueGarbage(written.file);
      return false;
    }
    const ref = written ?? this.packs.writeOne(body.raw);
    const hasAttachments = body.hasAttachments ? 1 : 0;
    const content = [
      body.snippet,
      hasAttachments,
      body.parsed ? BODY_STATE.parsed : BODY_STATE.unparsable,
      ref.file,
      ref.offset,
      ref.length,
      id,
    ] as const;
    if (row.has_attachments === hasAttachments) {
      // has_attachments is a column of the index by search key: naming it in the SET makes SQLite
      // rewrite that index entry, even to the same value. Most mail has none, as the row says already.
      const [snippet, , state, file, offset, length, contentId] = content;
      sql(
        this.db,
        'UPDATE messages SET (snippet, body_state, source_file, source_offset, source_length, content_id) = (?, ?, ?, ?, ?, ?) WHERE id = ?',
      ).run(snippet, state, file, offset, length, contentId, id);
    } else sql(this.db, `UPDATE messages SET (${CONTENT_COLUMNS}) = (?, ?, ?, ?, ?, ?, ?) WHERE id = ?`).run(...content, id);
    // The same Gmail message in its other folders: one content, one index entry.
    // "+body_state": bound to 0, a plain body_state term lets SQLite (which plans
    // again for the value) take the index of missing bodies, messages_without_body,
    // and walk every missing row of the account for each body stored: 0.25–4 ms a
    // message in a first sync, most of the body-store worker's time (bench/sync-gmail.ts).
    // The message's own index (messages_by_gm_msgid) finds its few rows.
    if (row.gm_msgid !== null) {
      sql(
        this.db,
        `UPDATE messages SET (${CONTENT_COLUMNS}) = (?, ?, ?, ?, ?, ?, ?) WHERE account_id = ? AND gm_msgid = ? AND +body_state = ?`,
      ).run(...content, row.account_id, row.gm_msgid, BODY_STATE.missing);
    }
    // Subject and addresses as the list shows them (the row's), the text and file names from the body.
    this.index.indexBody(id, { text: body.searchText, files: body.attachmentNames ?? [] }, row);
    return true;
  }

  /** A stored body whose file is gone (or cut short): back to "to be fetched", out of the index (for every row sharing it). */
  private forgetBody(id: number, file: string): void {
    transaction(this.db, () => {
      const contentId = (
        sql(this.db, 'SELECT content_id FROM messages WHERE id = ? AND source_file = ?').get(id, file) as
          | { content_id: number | null }
          | undefined
      )?.content_id;
      if (contentId === undefined) return; // moved to another pack meanwhile
      sql(
        this.db,
        'UPDATE messages SET body_state = ?, source_file = NULL, content_id = NULL WHERE source_file = ? AND (id = ? OR content_id = ?)',
      ).run(BODY_STATE.missing, file, id, contentId ?? id);
      this.index.unindexBody(id, contentId ?? id);
      this.packs.queueGarbage(file);
    });
  }

  /**
   * Tidies the packs of deleted messages (see SourcePacks.collectGarbage).
   * Only one connection may do this at a time (the body-store worker).
   */
  collectSourceGarbage(limit = 1000): number {
    return this.packs.collectGarbage(limit);
  }

  /** Removes packs a crash left without rows (see SourcePacks.sweepOrphans). */
  sweepOrphanSources(graceMs = 60_000): number {
    return this.packs.sweepOrphans(graceMs);
  }

  /** The messages of a folder with this Message-ID. */
  byMessageId(folderId: number, messageId: string): MessageRow[] {
    return sql(this.db, 'SELECT * FROM messages WHERE folder_id = ? AND message_id = ?').all(
      folderId,
      messageId,
    ) as unknown as MessageRow[];
  }

  // ---- read by the API ----

  /**
   * A page of a folder, newest first: after or before a key (scrolling), else
   * at an offset (a jump); see message-pages.ts. (offset, limit) is the
   * request without a key.
   */
  page(folderId: number, offset: number, limit: number): { total: number; items: MessageSummary[] };
  page(folderId: number, request: PageRequest): { total: number; items: MessageSummary[] };
  page(folderId: number, request: PageRequest | number, limit?: number): { total: number; items: MessageSummary[] } {
    const asked = typeof request === 'number' ? { offset: request, limit: limit ?? 100 } : request;
    return this.pages.page({ folderIds: [folderId], rows: 'all' }, asked);
  }

  /** A page of a unified view (unified-views.ts), newest first, with its counts. */
  viewPage(view: UnifiedView, request: PageRequest): { total: number; unread: number; items: MessageSummary[] } {
    return this.views.page(view, request);
  }

  /** Every unified view with its counts. */
  viewCounts(): ViewCounts[] {
    return this.views.counts();
  }

  /** The highest row id in a folder (0 when empty): rows stored after now have higher ones. */
  lastRowId(folderId: number): number {
    const row = sql(this.db, 'SELECT MAX(id) AS id FROM messages WHERE folder_id = ?').get(folderId) as { id: number | null };
    return row.id ?? 0;
  }

  /** The unread messages stored in a folder after lastRowId said `afterId`: how many, and the newest `limit` of them. */
  unreadStoredAfter(folderId: number, afterId: number, limit: number): { count: number; newest: MessageSummary[] } {
    const { count } = sql(this.db, 'SELECT COUNT(*) AS count FROM messages WHERE folder_id = ? AND id > ? AND (flags & 1) = 0').get(
      folderId,
      afterId,
    ) as { count: number };
    const rows = sql(
      this.db,
      `SELECT ${SUMMARY_COLUMNS} FROM messages WHERE folder_id = ? AND id > ? AND (flags & 1) = 0 ORDER BY date DESC, id DESC LIMIT ?`,
    ).all(folderId, afterId, limit) as unknown as MessageRow[];
    return { count, newest: rows.map(toSummary) };
  }

  /** The messages of a folder with these UIDs, newest first. */
  byUids(folderId: number, uids: readonly number[]): MessageSummary[] {
    const statement = sql(this.db, `SELECT ${SUMMARY_COLUMNS} FROM messages WHERE folder_id = ? AND uid = ?`);
    const rows = uids
      .map((uid) => statement.get(folderId, uid) as unknown as MessageRow | undefined)
      .filter((row): row is MessageRow => row !== undefined);
    return rows.sort((a, b) => b.date - a.date || b.id - a.id).map(toSummary);
  }

  get(id: number): MessageRow | undefined {
    return sql(this.db, 'SELECT * FROM messages WHERE id = ?').get(id) as unknown as MessageRow | undefined;
  }

  getMany(ids: readonly number[]): MessageRow[] {
    const statement = sql(this.db, 'SELECT * FROM messages WHERE id = ?');
    return ids.map((id) => statement.get(id) as unknown as MessageRow | undefined).filter((row): row is MessageRow => row !== undefined);
  }

  /** The raw message, when its body is stored; a lost file puts the message back in the download queue. */
  source(id: number): Uint8Array | undefined {
    // Twice at most: the garbage collector (another thread) may have moved the
    // message to a new pack and removed the old one between reading the row and the file.
    for (let attempt = 0; attempt < 2; attempt++) {
      const row = this.packs.locate(id);
      if (!row || row.body_state === BODY_STATE.missing) return undefined;
      const file = row.source_file;
      // Stored before sources moved to files (migration 4).
      if (!file) return this.packs.legacy(id);
      const raw = this.packs.read({ ...row, source_file: file });
      if (raw) return raw;
      if (this.packs.locate(id)?.source_file !== file) continue;
      this.forgetBody(id, file);
      return undefined;
    }
    return undefined;
  }

  /** A page of the messages matching a parsed search (store/search-plan.ts), newest first, one per message. */
  search(query: SearchQuery, scope: SearchScope, paging: SearchPaging): SearchPage {
    return this.index.search(query, scope, paging);
  }

  /** The search index's background work on a store from before migration 11 (sync/search-backfill.ts). */
  get searchIndex(): SearchIndex {
    return this.index;
  }

  // ---- local changes made by the user (replayed to the server from the queue) ----
  // Each changes the rows and queues `queue` (the same change, for the server) in one transaction.

  setLocalFlags(ids: readonly number[], set: number, clear: number, queue: readonly ServerOp[] = []): void {
    transaction(this.db, () => {
      const statement = sql(this.db, 'UPDATE messages SET flags = (flags | ?) & ~? WHERE id = ?');
      // Gmail keeps flags per message: its rows in other folders change too.
      const siblings = sql(
        this.db,
        `UPDATE messages SET flags = (flags | ?) & ~?
           WHERE (account_id, gm_msgid) = (SELECT account_id, gm_msgid FROM messages WHERE id = ? AND gm_msgid IS NOT NULL)`,
      );
      for (const id of ids) {
        statement.run(set, clear, id);
        siblings.run(set, clear, id);
      }
      this.enqueue(queue);
    });
  }

  /** The rows of the same Gmail messages in other folders (with the rows given, once each). */
  withSiblings(rows: readonly MessageRow[]): MessageRow[] {
    const statement = sql(this.db, 'SELECT * FROM messages WHERE account_id = ? AND gm_msgid = ?');
    const all = new Map<number, MessageRow>();
    for (const row of rows) {
      all.set(row.id, row);
      if (row.gm_msgid === null) continue;
      for (const sibling of statement.all(row.account_id, row.gm_msgid) as unknown as MessageRow[]) all.set(sibling.id, sibling);
    }
    return [...all.values()];
  }

  /** Applies a change of Gmail labels (see RelabelPlan) and queues `queue`, in one transaction. */
  relabel(plan: RelabelPlan, queue: readonly ServerOp[] = []): void {
    transaction(this.db, () => {
      const labels = sql(
        this.db,
        'UPDATE messages SET labels_json = ? WHERE (account_id, gm_msgid) = (SELECT account_id, gm_msgid FROM messages WHERE id = ?)',
      );
      for (const change of plan.labels) labels.run(JSON.stringify(change.labels), change.rowId);
      const copy = sql(
        this.db,
        `INSERT INTO messages (account_id, folder_id, uid, message_id, in_reply_to, references_json, subject, from_name, from_address,
           to_json, cc_json, reply_to_json, date, flags, keywords_json, size, gm_msgid, gm_thrid, labels_json, thread_id, search_key, ${CONTENT_COLUMNS})
         SELECT account_id, ?, NULL, message_id, in_reply_to, references_json, subject, from_name, from_address,
           to_json, cc_json, reply_to_json, date, flags, keywords_json, size, gm_msgid, gm_thrid, labels_json, thread_id, search_key, ${CONTENT_COLUMNS}
         FROM messages s WHERE id = ?
           AND NOT EXISTS (SELECT 1 FROM messages t WHERE t.folder_id = ? AND t.account_id = s.account_id AND t.gm_msgid = s.gm_msgid)`,
      );
      for (const { fromId, folderId } of plan.add) copy.run(folderId, fromId, folderId);
      const remove = sql(this.db, 'DELETE FROM messages WHERE id = ?');
      for (const id of plan.remove) remove.run(id);
      const move = sql(this.db, 'UPDATE messages SET folder_id = ?, uid = NULL WHERE id = ?');
      for (const { id, folderId } of plan.move) move.run(folderId, id);
      this.enqueue(queue);
    });
  }

  /** Moves rows to another folder; their UID there is unknown until the server says (or the next sync finds them). */
  moveLocal(ids: readonly number[], folderId: number, queue: readonly ServerOp[] = []): void {
    transaction(this.db, () => {
      this.enqueue(queue);
      const statement = sql(this.db, 'UPDATE messages SET folder_id = ?, uid = NULL WHERE id = ?');
      for (const id of ids) statement.run(folderId, id);
    });
  }

  deleteLocal(ids: readonly number[], queue: readonly ServerOp[] = []): void {
    transaction(this.db, () => {
      this.enqueue(queue);
      const statement = sql(this.db, 'DELETE FROM messages WHERE id = ?');
      for (const id of ids) statement.run(id);
    });
  }

  /** A row's UID in its folder, as the server reported it (after an APPEND or a MOVE). */
  setUid(id: number, uid: number): void {
    sql(this.db, 'UPDATE OR IGNORE messages SET uid = ? WHERE id = ?').run(uid, id);
  }

  /** setUid for several rows (moved together), in one transaction. */
  setUids(uids: readonly { id: number; uid: number }[]): void {
    transaction(this.db, () => {
      for (const { id, uid } of uids) this.setUid(id, uid);
    });
  }

  allowRemote(id: number): void {
    sql(this.db, 'UPDATE messages SET remote_allowed = 1 WHERE id = ?').run(id);
  }

  /** Runs several changes as one: all of them reach the store (and the queue), or none (nested ones become savepoints). */
  together<T>(work: () => T): T {
    return transaction(this.db, work);
  }

  /** Queues server ops that change nothing in the store (keywords for a server's spam filter). */
  queueOps(queue: readonly ServerOp[]): void {
    transaction(this.db, () => this.enqueue(queue));
  }

  private enqueue(queue: readonly ServerOp[]): void {
    for (const { accountId, op } of queue) this.ops.enqueue(accountId, op);
  }
}

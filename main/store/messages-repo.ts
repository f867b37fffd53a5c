import type { Address, MessageSummary } from '../../shared/mail';
import { type Database, sql, transaction } from './database';
import { BODY_STATE, type MessageRow, SUMMARY_COLUMNS, toSummary } from './message-row';
import { OpsRepo, type ServerOp } from './ops-repo';
import { Pop3UidlsRepo } from './pop3-uidls-repo';
import { SearchIndex } from './search-index';
import type { SourceFiles, SourceRef } from './source-files';
import { SourcePacks } from './source-packs';

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
}

/** What the body adds once it is fetched and parsed. */
export interface BodyRecord {
  raw: Uint8Array;
  parsed: boolean;
  snippet: string;
  hasAttachments: boolean;
  /** The text and attachment names, for the index's body column. */
  searchText: string;
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

/** The flags the server reports for one message. */
export interface ServerFlags {
  uid: number;
  flags: number;
  keywords: string[];
}

export class MessagesRepo {
  private readonly packs: SourcePacks;
  private readonly index: SearchIndex;
  /** The queue of server work and the POP3 UIDLs, written in the same transactions as the rows (same connection). */
  private readonly ops: OpsRepo;
  private readonly uidls: Pop3UidlsRepo;

  constructor(
    private readonly db: Database,
    sources: SourceFiles,
  ) {
    this.packs = new SourcePacks(db, sources);
    this.index = new SearchIndex(db);
    this.ops = new OpsRepo(db);
    this.uidls = new Pop3UidlsRepo(db);
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
      let added = 0;
      for (const r of records) {
        if (r.messageId && adopt.run(r.uid, r.flags, folderId, r.messageId).changes > 0) continue;
        added += Number(this.insertRow(accountId, folderId, r.uid, r).changes);
      }
      return added;
    });
  }

  /**
   * Adds a message without a server UID: downloaded by POP3, or written by
   * Tidings itself (the Sent copy of a message it sent, shown at once; the
   * APPEND reports its UID, or the next sync adopts the row by Message-ID, see
   * upsertHeaders). Returns its id; storeBody adds the body.
   */
  insertLocal(accountId: string, folderId: number, record: Omit<HeaderRecord, 'uid'>): number {
    return Number(this.insertRow(accountId, folderId, null, record).lastInsertRowid);
  }

  private insertRow(accountId: string, folderId: number, uid: number | null, r: Omit<HeaderRecord, 'uid'>) {
    return sql(
      this.db,
      `INSERT OR IGNORE INTO messages (account_id, folder_id, uid, message_id, in_reply_to, references_json, subject,
         from_name, from_address, to_json, cc_json, reply_to_json, date, flags, keywords_json, size)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    );
  }

  /** UIDs of a folder's messages, ascending. */
  uids(folderId: number): number[] {
    const rows = sql(this.db, 'SELECT uid FROM messages WHERE folder_id = ? AND uid IS NOT NULL ORDER BY uid').all(folderId) as {
      uid: number;
    }[];
    return rows.map((r) => r.uid);
  }

  /** Sets the server's flags of a folder's messages, in one transaction; returns how many messages changed. */
  setServerFlags(folderId: number, changes: readonly ServerFlags[]): number {
    return transaction(this.db, () => {
      const statement = sql(
        this.db,
        "UPDATE messages SET flags = ?, keywords_json = ? WHERE folder_id = ? AND uid = ? AND (flags != ? OR IFNULL(keywords_json, '') != IFNULL(?, ''))",
      );
      let changed = 0;
      for (const { uid, flags, keywords } of changes) {
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

  /** Messages whose body is still to be fetched, newest first. */
  withoutBody(accountId: string, limit: number, notBefore = 0): { id: number; folder_id: number; uid: number; size: number }[] {
    return sql(
      this.db,
      'SELECT id, folder_id, uid, size FROM messages WHERE account_id = ? AND body_state = 0 AND uid IS NOT NULL AND date >= ? ORDER BY date DESC LIMIT ?',
    ).all(accountId, notBefore, limit) as { id: number; folder_id: number; uid: number; size: number }[];
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
    // In ascending id order: FTS5 keeps a transaction's new entries in memory
    // only while rowids grow, and writes a segment of its own at every step
    // back. Bodies come newest first, and the newest have the lowest ids
    // (headers are stored newest first too), so the batch's own order made a
    // segment per message: 4.6× the index time (bench/store.ts).
    const order = bodies.map((_, i) => i).sort((a, b) => (bodies[a] as BodyToStore).id - (bodies[b] as BodyToStore).id);
    return transaction(this.db, () => {
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
        const id = this.insertLocal(accountId, folderId, header);
        this.storeOne(id, body, written);
        this.uidls.record(accountId, uidl, id, arrivedAt);
      }
    });
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
      const rowId = this.insertLocal(accountId, folderId, record);
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
    const row = sql(this.db, 'SELECT body_state, subject, from_name, from_address, to_json, cc_json FROM messages WHERE id = ?').get(id) as
      | Pick<MessageRow, 'body_state' | 'subject' | 'from_name' | 'from_address' | 'to_json' | 'cc_json'>
      | undefined;
    if (row?.body_state !== BODY_STATE.missing) {
      // gone meanwhile, or stored already: never twice in the index
      if (written) this.packs.queueGarbage(written.file);
      return false;
    }
    const ref = written ?? this.packs.writeOne(body.raw);
    sql(
      this.db,
      'UPDATE messages SET snippet = ?, has_attachments = ?, body_state = ?, source_file = ?, source_offset = ?, source_length = ? WHERE id = ?',
    ).run(
      body.snippet,
      body.hasAttachments ? 1 : 0,
      body.parsed ? BODY_STATE.parsed : BODY_STATE.unparsable,
      ref.file,
      ref.offset,
      ref.length,
      id,
    );
    // Subject and addresses as the list shows them (the row's), the text from the body.
    this.index.add(id, row, body.searchText);
    return true;
  }

  /** A stored body whose file is gone (or cut short): back to "to be fetched", out of the index. */
  private forgetBody(id: number, file: string): void {
    transaction(this.db, () => {
      const changed = sql(this.db, 'UPDATE messages SET body_state = ?, source_file = NULL WHERE id = ? AND source_file = ?').run(
        BODY_STATE.missing,
        id,
        file,
      ).changes;
      if (changed === 0) return; // moved to another pack meanwhile
      this.index.remove(id);
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

  page(folderId: number, offset: number, limit: number): { total: number; items: MessageSummary[] } {
    const total = (sql(this.db, 'SELECT COUNT(*) AS n FROM messages WHERE folder_id = ?').get(folderId) as { n: number }).n;
    const rows = sql(
      this.db,
      `SELECT ${SUMMARY_COLUMNS} FROM messages WHERE folder_id = ? ORDER BY date DESC, id DESC LIMIT ? OFFSET ?`,
    ).all(folderId, limit, offset) as unknown as MessageRow[];
    return { total, items: rows.map(toSummary) };
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

  search(query: string, accountId: string | undefined, limit: number): MessageSummary[] {
    return this.index.search(query, accountId, limit);
  }

  // ---- local changes made by the user (replayed to the server from the queue) ----
  // Each changes the rows and queues `queue` (the same change, for the server) in one transaction.

  setLocalFlags(ids: readonly number[], set: number, clear: number, queue: readonly ServerOp[] = []): void {
    transaction(this.db, () => {
      const statement = sql(this.db, 'UPDATE messages SET flags = (flags | ?) & ~? WHERE id = ?');
      for (const id of ids) statement.run(set, clear, id);
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

  private enqueue(queue: readonly ServerOp[]): void {
    for (const { accountId, op } of queue) this.ops.enqueue(accountId, op);
  }
}

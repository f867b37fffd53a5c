import type { Address, MessageSummary } from '../../shared/mail';
import { type Database, sql, transaction } from './database';
import { FLAG } from './flags';
import type { SourceFiles, SourceRef } from './source-files';

// Message metadata, raw sources (files: see source-files.ts) and the full-text index. The sync engine
// writes here in batches (one transaction each); the API reads pages.

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

export interface MessageRow {
  id: number;
  account_id: string;
  folder_id: number;
  uid: number | null;
  message_id: string | null;
  in_reply_to: string | null;
  references_json: string | null;
  subject: string;
  from_name: string | null;
  from_address: string | null;
  to_json: string | null;
  cc_json: string | null;
  reply_to_json: string | null;
  date: number;
  flags: number;
  size: number;
  snippet: string;
  has_attachments: number;
  body_state: number;
  remote_allowed: number;
}

export const BODY_STATE = { missing: 0, parsed: 1, unparsable: 2 } as const;

const SUMMARY_COLUMNS = 'id, account_id, folder_id, subject, from_name, from_address, date, snippet, flags, has_attachments, size';

export function toSummary(
  row: Pick<
    MessageRow,
    'id' | 'account_id' | 'folder_id' | 'subject' | 'from_name' | 'from_address' | 'date' | 'snippet' | 'flags' | 'has_attachments' | 'size'
  >,
): MessageSummary {
  return {
    id: row.id,
    accountId: row.account_id,
    folderId: row.folder_id,
    subject: row.subject,
    from: row.from_address || row.from_name ? { name: row.from_name ?? '', address: row.from_address ?? '' } : null,
    date: new Date(row.date).toISOString(),
    snippet: row.snippet,
    seen: (row.flags & FLAG.seen) !== 0,
    flagged: (row.flags & FLAG.flagged) !== 0,
    answered: (row.flags & FLAG.answered) !== 0,
    hasAttachments: row.has_attachments === 1,
    size: row.size,
  };
}

export class MessagesRepo {
  constructor(
    private readonly db: Database,
    private readonly sources: SourceFiles,
  ) {}

  // ---- written by sync ----

  /**
   * Adds messages found on the server. A row that a local move left without
   * a UID is matched by Message-ID and given its UID instead of a duplicate.
   * Returns how many rows are new.
   */
  upsertHeaders(accountId: string, folderId: number, records: readonly HeaderRecord[]): number {
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

  /** Sets the server's flags of one message; returns whether anything changed. */
  setServerFlags(folderId: number, uid: number, flags: number, keywords: string[]): boolean {
    return (
      sql(
        this.db,
        "UPDATE messages SET flags = ?, keywords_json = ? WHERE folder_id = ? AND uid = ? AND (flags != ? OR IFNULL(keywords_json, '') != IFNULL(?, ''))",
      ).run(
        flags,
        keywords.length ? JSON.stringify(keywords) : null,
        folderId,
        uid,
        flags,
        keywords.length ? JSON.stringify(keywords) : null,
      ).changes > 0
    );
  }

  /** Removes messages the server no longer has. */
  deleteUids(folderId: number, uids: readonly number[]): number {
    const statement = sql(this.db, 'DELETE FROM messages WHERE folder_id = ? AND uid = ?');
    let deleted = 0;
    for (const uid of uids) deleted += Number(statement.run(folderId, uid).changes);
    return deleted;
  }

  /** Forgets every message of a folder (its UIDVALIDITY changed: the old UIDs mean nothing now). */
  clearFolder(folderId: number): void {
    sql(this.db, 'DELETE FROM messages WHERE folder_id = ?').run(folderId);
  }

  /** Messages whose body is still to be fetched, newest first. */
  withoutBody(accountId: string, limit: number, notBefore = 0): { id: number; folder_id: number; uid: number; size: number }[] {
    return sql(
      this.db,
      'SELECT id, folder_id, uid, size FROM messages WHERE account_id = ? AND body_state = 0 AND uid IS NOT NULL AND date >= ? ORDER BY date DESC LIMIT ?',
    ).all(accountId, notBefore, limit) as { id: number; folder_id: number; uid: number; size: number }[];
  }

  /**
   * Writes a raw message's file ahead of its transaction (see source-files.ts);
   * returns where it is, to pass to storeBody.
   */
  writeSource(raw: Uint8Array): SourceRef {
    return this.sources.writePackSync([raw])[0] as SourceRef;
  }

  /**
   * writeSource for a batch: one pack, written off this thread; start it
   * before parsing the batch, so that both go on at once. On a failure no
   * file of the batch is left.
   */
  writeSources(raws: readonly Uint8Array[]): Promise<SourceRef[]> {
    return raws.length === 0 ? Promise.resolve([]) : this.sources.writePack(raws);
  }

  /** Packs written by writeSource(s) whose messages will not be stored after all. */
  discardSources(refs: readonly SourceRef[]): void {
    for (const file of new Set(refs.map((ref) => ref.file))) this.sources.remove(file);
  }

  /**
   * Stores a fetched body (where its raw bytes were written, what its parse
   * gave) and indexes it. Call inside a transaction, with the bytes written by
   * writeSource(s) before it (or, for a single small message, let them be
   * written here). A rollback leaves only an orphan pack, swept at the next
   * start; a body not stored (stored already, or gone) leaves dead bytes in
   * its pack, for the garbage collector.
   */
  storeBody(id: number, body: BodyRecord, written?: SourceRef): boolean {
    const row = sql(this.db, 'SELECT body_state, subject, from_name, from_address, to_json, cc_json FROM messages WHERE id = ?').get(id) as
      | Pick<MessageRow, 'body_state' | 'subject' | 'from_name' | 'from_address' | 'to_json' | 'cc_json'>
      | undefined;
    if (row?.body_state !== BODY_STATE.missing) {
      // gone meanwhile, or stored already: never twice in the index
      if (written) this.queueSourceGarbage(written.file);
      return false;
    }
    const ref = written ?? this.writeSource(body.raw);
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
    sql(this.db, 'INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, ?, ?, ?)').run(
      id,
      row.subject ?? '',
      searchAddresses(row),
      body.searchText,
    );
    return true;
  }

  /** A stored body whose file is gone (or cut short): back to "to be fetched", out of the index. */
  private forgetBody(id: number, file: string): void {
    const forget = () => {
      const changed = sql(this.db, 'UPDATE messages SET body_state = ?, source_file = NULL WHERE id = ? AND source_file = ?').run(
        BODY_STATE.missing,
        id,
        file,
      ).changes;
      if (changed === 0) return; // moved to another pack meanwhile
      sql(this.db, 'DELETE FROM messages_fts WHERE rowid = ?').run(id);
      this.queueSourceGarbage(file);
    };
    if (this.db.isTransaction) forget();
    else transaction(this.db, forget);
  }

  /** Bytes written by writeSource(s) that no row will name: left for the garbage collector. */
  releaseSource(ref: SourceRef): void {
    this.queueSourceGarbage(ref.file);
  }

  private queueSourceGarbage(file: string): void {
    sql(this.db, 'INSERT OR IGNORE INTO source_garbage (file) VALUES (?)').run(file);
  }

  /**
   * Tidies the packs of deleted messages (queued by a trigger): a pack no row
   * names any more is removed; one whose live messages fill less than half of
   * it is rewritten with only those, and then removed. Returns how many files
   * went. Only one connection may do this at a time (the body-store worker).
   */
  collectSourceGarbage(limit = 1000): number {
    const rows = sql(this.db, 'SELECT file FROM source_garbage LIMIT ?').all(limit) as { file: string }[];
    const done = sql(this.db, 'DELETE FROM source_garbage WHERE file = ?');
    let removed = 0;
    for (const { file } of rows) {
      const live = sql(this.db, 'SELECT id, source_offset, source_length FROM messages WHERE source_file = ?').all(file) as {
        id: number;
        source_offset: number | null;
        source_length: number | null;
      }[];
      if (live.length === 0) {
        this.sources.remove(file);
        removed++;
      } else if (live.every((m) => m.source_offset !== null && m.source_length !== null)) {
        const liveBytes = live.reduce((sum, m) => sum + (m.source_length as number), 0);
        const size = this.sources.size(file) ?? 0;
        try {
          if (liveBytes * 2 < size && this.repack(file, live as { id: number; source_offset: number; source_length: number }[])) removed++;
        } catch {
          // Left as it is (the disk may be full): nothing is lost, only space.
        }
      }
      done.run(file);
    }
    return removed;
  }

  /** Moves the live messages of a pack into a new one, then removes the old pack; false when it could not. */
  private repack(file: string, live: readonly { id: number; source_offset: number; source_length: number }[]): boolean {
    const raws: Buffer[] = [];
    for (const m of live) {
      const raw = this.sources.read({ file, offset: m.source_offset, length: m.source_length });
      if (!raw) return false; // damaged: readers will find out and fetch again
      raws.push(raw);
    }
    const refs = this.sources.writePackSync(raws);
    const stillThere = transaction(this.db, () => {
      const move = sql(this.db, 'UPDATE messages SET source_file = ?, source_offset = ? WHERE id = ? AND source_file = ?');
      let moved = 0;
      live.forEach((m, i) => {
        const ref = refs[i] as SourceRef;
        moved += Number(move.run(ref.file, ref.offset, m.id, file).changes);
      });
      return moved;
    });
    if (stillThere === 0) this.sources.remove((refs[0] as SourceRef).file);
    // Rows were moved in one transaction: none names the old pack now, unless
    // one was written meanwhile (never: pack names are not handed out twice).
    this.sources.remove(file);
    return true;
  }

  /**
   * Removes source files that no message refers to: left by a crash between
   * writing a pack and committing its rows. A file younger than `graceMs` is
   * left alone: it may be one being committed right now (the main thread
   * stores the Sent copy of a message it sent, even while this runs); a
   * crash's leftover goes at a later start.
   */
  sweepOrphanSources(graceMs = 60_000): number {
    const files = this.sources.list();
    // Rows read after the listing: a file committed meanwhile is known.
    const known = new Set(
      (sql(this.db, 'SELECT DISTINCT source_file FROM messages WHERE source_file IS NOT NULL').all() as { source_file: string }[]).map(
        (row) => row.source_file,
      ),
    );
    const before = Date.now() - graceMs;
    let removed = 0;
    for (const file of files) {
      if (known.has(file) || (this.sources.modifiedAt(file) ?? 0) > before) continue;
      this.sources.remove(file);
      removed++;
    }
    return removed;
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
    const where = sql(this.db, 'SELECT body_state, source_file, source_offset, source_length FROM messages WHERE id = ?');
    // Twice at most: the garbage collector (another thread) may have moved the
    // message to a new pack and removed the old one between reading the row and the file.
    for (let attempt = 0; attempt < 2; attempt++) {
      const row = where.get(id) as
        | { body_state: number; source_file: string | null; source_offset: number | null; source_length: number | null }
        | undefined;
      if (!row || row.body_state === BODY_STATE.missing) return undefined;
      if (!row.source_file) {
        // Stored before sources moved to files (migration 4).
        const legacy = sql(this.db, 'SELECT raw FROM message_sources WHERE message_id = ?').get(id) as { raw: Uint8Array } | undefined;
        return legacy?.raw;
      }
      const raw = this.sources.read({ file: row.source_file, offset: row.source_offset, length: row.source_length });
      if (raw) return raw;
      const now = where.get(id) as { source_file: string | null } | undefined;
      if (now?.source_file !== row.source_file) continue;
      this.forgetBody(id, row.source_file);
      return undefined;
    }
    return undefined;
  }

  search(query: string, accountId: string | undefined, limit: number): MessageSummary[] {
    const rows = sql(
      this.db,
      `SELECT ${SUMMARY_COLUMNS.split(', ')
        .map((c) => `m.${c}`)
        .join(', ')}
         FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
         WHERE messages_fts MATCH ? AND (? IS NULL OR m.account_id = ?)
         ORDER BY m.date DESC LIMIT ?`,
    ).all(toFtsQuery(query), accountId ?? null, accountId ?? null, limit) as unknown as MessageRow[];
    return rows.map(toSummary);
  }

  // ---- local changes made by the user (replayed to the server from the queue) ----

  setLocalFlags(ids: readonly number[], set: number, clear: number): void {
    const statement = sql(this.db, 'UPDATE messages SET flags = (flags | ?) & ~? WHERE id = ?');
    for (const id of ids) statement.run(set, clear, id);
  }

  /** Moves rows to another folder; their UID there is unknown until the server says (or the next sync finds them). */
  moveLocal(ids: readonly number[], folderId: number): void {
    const statement = sql(this.db, 'UPDATE messages SET folder_id = ?, uid = NULL WHERE id = ?');
    for (const id of ids) statement.run(folderId, id);
  }

  setUid(id: number, uid: number): void {
    sql(this.db, 'UPDATE OR IGNORE messages SET uid = ? WHERE id = ?').run(uid, id);
  }

  deleteLocal(ids: readonly number[]): void {
    const statement = sql(this.db, 'DELETE FROM messages WHERE id = ?');
    for (const id of ids) statement.run(id);
  }

  allowRemote(id: number): void {
    sql(this.db, 'UPDATE messages SET remote_allowed = 1 WHERE id = ?').run(id);
  }
}

/**
 * Turns what a person types into an FTS5 query: every word must match, as a
 * prefix ("inv" finds "invoice"); FTS5 syntax characters are not special.
 */
export function toFtsQuery(input: string): string {
  const words = input
    .split(/\s+/)
    .map((word) => word.replace(/"/g, ''))
    .filter(Boolean);
  return words.map((word) => `"${word}"*`).join(' ');
}

/** The index's address column: every name and address of From, To and Cc. */
function searchAddresses(row: Pick<MessageRow, 'from_name' | 'from_address' | 'to_json' | 'cc_json'>): string {
  const listed = [...addressList(row.to_json), ...addressList(row.cc_json)];
  return [row.from_name ?? '', row.from_address ?? '', ...listed.flatMap((a) => [a.name, a.address])].filter(Boolean).join(' ');
}

/** A row's to_json, cc_json or reply_to_json; a damaged one reads as no one. */
export function addressList(json: string | null): Address[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as Address[]) : [];
  } catch {
    return [];
  }
}

import type { Address, MessageSummary } from '../../shared/mail';
import { type Database, sql } from './database';
import { FLAG } from './flags';
import type { SourceFiles } from './source-files';

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
   * returns the name to pass to storeBody.
   */
  writeSource(raw: Uint8Array): string {
    const file = this.sources.newName();
    this.sources.write(file, raw);
    return file;
  }

  /**
   * writeSource for a batch, the files written side by side off this thread;
   * start it before parsing the batch, so that both go on at once. On a
   * failure no file of the batch is left.
   */
  async writeSources(raws: readonly Uint8Array[]): Promise<string[]> {
    const names = raws.map(() => this.sources.newName());
    const results = await Promise.allSettled(raws.map((raw, i) => this.sources.writeAsync(names[i] as string, raw)));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) {
      for (const name of names) this.sources.remove(name);
      throw failed.reason;
    }
    return names;
  }

  /** A file written by writeSource that will not be stored after all. */
  discardSource(file: string): void {
    this.sources.remove(file);
  }

  /**
   * Stores a fetched body (the raw file, what its parse gave) and indexes it.
   * Call inside a transaction, with the file written by writeSource before it
   * (or, for a single small message, let it be written here). A rollback
   * leaves only an orphan file, swept at the next start.
   */
  storeBody(id: number, body: BodyRecord, written?: string): boolean {
    const row = sql(this.db, 'SELECT body_state, subject, from_name, from_address, to_json, cc_json FROM messages WHERE id = ?').get(id) as
      | Pick<MessageRow, 'body_state' | 'subject' | 'from_name' | 'from_address' | 'to_json' | 'cc_json'>
      | undefined;
    if (row?.body_state !== BODY_STATE.missing) {
      // gone meanwhile, or stored already: never twice in the index
      if (written) this.sources.remove(written);
      return false;
    }
    const file = written ?? this.writeSource(body.raw);
    sql(this.db, 'UPDATE messages SET snippet = ?, has_attachments = ?, body_state = ?, source_file = ? WHERE id = ?').run(
      body.snippet,
      body.hasAttachments ? 1 : 0,
      body.parsed ? BODY_STATE.parsed : BODY_STATE.unparsable,
      file,
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

  /** A stored body whose file is gone: back to "to be fetched", out of the index. */
  private forgetBody(id: number): void {
    sql(this.db, 'UPDATE messages SET body_state = ?, source_file = NULL WHERE id = ?').run(BODY_STATE.missing, id);
    sql(this.db, 'DELETE FROM messages_fts WHERE rowid = ?').run(id);
  }

  /** Removes the files of deleted messages (queued by a trigger); returns how many. */
  collectSourceGarbage(limit = 1000): number {
    const rows = sql(this.db, 'SELECT file FROM source_garbage LIMIT ?').all(limit) as { file: string }[];
    const done = sql(this.db, 'DELETE FROM source_garbage WHERE file = ?');
    for (const { file } of rows) {
      this.sources.remove(file);
      done.run(file);
    }
    return rows.length;
  }

  /**
   * Removes source files that no message refers to: left by a crash between
   * writing a file and committing its row. Only while nobody else writes sources.
   */
  sweepOrphanSources(): number {
    const known = new Set(
      (sql(this.db, 'SELECT source_file FROM messages WHERE source_file IS NOT NULL').all() as { source_file: string }[]).map(
        (row) => row.source_file,
      ),
    );
    let removed = 0;
    for (const file of this.sources.list()) {
      if (known.has(file)) continue;
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
    const row = sql(this.db, 'SELECT body_state, source_file FROM messages WHERE id = ?').get(id) as
      | { body_state: number; source_file: string | null }
      | undefined;
    if (!row || row.body_state === BODY_STATE.missing) return undefined;
    if (row.source_file) {
      const raw = this.sources.read(row.source_file);
      if (!raw) this.forgetBody(id);
      return raw;
    }
    // Stored before sources moved to files (migration 4).
    const legacy = sql(this.db, 'SELECT raw FROM message_sources WHERE message_id = ?').get(id) as { raw: Uint8Array } | undefined;
    return legacy?.raw;
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

import type { SearchQuery } from '../../shared/search-query';
import { type Database, sql, transaction } from './database';
import { addressList, BODY_STATE, type MessageRow } from './message-row';
import { type SearchPage, type SearchPaging, type SearchScope, searchMessages } from './search-plan';
import { SearchPrefixes } from './search-prefixes';

// The full-text index of messages (FTS5, migration 11), in two tables keyed
// alike:
//
// - search_headers (subject, sender, to_list, cc_list): every message whose
//   body is not stored, entered when its header row is (upsertHeaders), so
//   that mail is found from the moment it is listed, during a first sync and
//   outside the "last N days" whose bodies are kept;
// - search_full (the same, plus body and files, the attachments' names):
//   every message whose body is stored. Storing a body moves the message
//   from the first table to the second, in the transaction that stores it.
//
// Two tables rather than one entry replaced: a contentless FTS5 table cannot
// change one column of an entry, only delete it and insert it whole, and
// deleting in the table the bodies go to made every body stored cost a
// tombstone there (measured: a body batch's index time 1.7-3× the plain
// insert); deleting a small header entry from the other table costs little.
//
// The key (rowid in both, messages.search_key) is the message's date in
// seconds shifted left by 21 bits, plus 21 random low bits (probed upwards in
// the rare case of a clash; chosen before the row is inserted, so the row is
// written once): the index's own order is then the
// date's, so "the newest 100 matches" is a walk down the index that stops
// after 100 (search-plan.ts), not a sort of every match. A Gmail message's
// rows (one per label, same X-GM-MSGID) share one key, so it is found once.
// A trigger removes the entries when the last row with the key goes.
//
// Stores from before migration 11 have their bodies in the old table
// (messages_fts, keyed by content id, in no useful order) and header rows
// without a key: backfillKeys() and the legacy methods below move them over
// in the background (main/sync/search-backfill.ts), after which the old table
// is dropped. Until then a search also reads the old table, more slowly.

/** The low bits of a key that come from the row's id. */
const ID_BITS = 2 ** 21;
/** The largest second a key holds (2106): keys stay below 2^53, exact as JS numbers. */
const MAX_SECOND = 2 ** 32 - 2;

/** The smallest key of a message dated `ms` (ms since the epoch), and so of any message dated later. */
export function keyFloor(ms: number): number {
  return Math.min(Math.max(Math.floor(ms / 1000), 0), MAX_SECOND) * ID_BITS;
}

/** What the index needs of a message's row. */
export type IndexedRow = Pick<MessageRow, 'subject' | 'from_name' | 'from_address' | 'to_json' | 'cc_json'>;

/** What the body adds to a message's entry: its text and its attachments' file names. */
export interface BodyText {
  text: string;
  files: readonly string[];
}

/** What the index reads of a row (KEY_ROW's columns). */
export type KeyRow = IndexedRow &
  Pick<MessageRow, 'id' | 'date' | 'account_id' | 'gm_msgid' | 'content_id' | 'body_state'> & { search_key: number | null };

export const KEY_ROW =
  'id, date, account_id, gm_msgid, content_id, body_state, search_key, subject, from_name, from_address, to_json, cc_json';

export class SearchIndex {
  /** The words each prefix begins, and which are common (kept while the store is open: see search-prefixes.ts). */
  private readonly prefixes: SearchPrefixes;

  constructor(private readonly db: Database) {
    this.prefixes = new SearchPrefixes(db);
  }

  /**
   * The key of a row about to be inserted: its Gmail message's when another
   * row of it has one (`shared`: the message is in the index already), else a
   * new one (then given to any row of the same message still without one: a
   * store being upgraded). Inside the transaction that inserts the row.
   */
  newKey(accountId: string, gmMsgid: string | null, date: number): { key: number; shared: boolean } {
    if (gmMsgid !== null) {
      const shared = sql(
        this.db,
        'SELECT search_key FROM messages WHERE account_id = ? AND gm_msgid = ? AND search_key IS NOT NULL LIMIT 1',
      ).get(accountId, gmMsgid) as { search_key: number } | undefined;
      if (shared) return { key: shared.search_key, shared: true };
    }
    const key = this.freeKey(date, Math.floor(Math.random() * ID_BITS));
    if (gmMsgid !== null)
      sql(this.db, 'UPDATE messages SET search_key = ? WHERE account_id = ? AND gm_msgid = ? AND +search_key IS NULL').run(
        key,
        accountId,
        gmMsgid,
      );
    return { key, shared: false };
  }

  /**
   * Enters the headers of new messages (rows inserted with a new key, whose
   * body is not stored), in key order: FTS5 keeps a transaction's entries in
   * memory while keys grow and writes a segment at each step back. Inside the
   * transaction that inserted the rows; one call per batch.
   */
  addHeaders(entries: { key: number; row: IndexedRow }[]): void {
    entries.sort((a, b) => a.key - b.key);
    for (const { key, row } of entries) this.insertHeaders(key, row);
  }

  /** Gives rows without a key theirs and enters their headers (see addHeaders): the backfill of a store being upgraded. */
  indexNewRows(ids: readonly number[]): void {
    const entries: { key: number; row: KeyRow }[] = [];
    for (const id of ids) {
      const row = this.keyRow(id);
      if (!row || row.search_key !== null) continue;
      const { key, fresh } = this.assignKey(row);
      if (fresh && row.body_state === BODY_STATE.missing) entries.push({ key, row });
    }
    this.addHeaders(entries);
  }

  /**
   * The body of this row's message is stored now: its entry moves to the
   * full table with the body's text. Inside the transaction that stores the
   * body; a batch is best given in key order (keyOf). `read`: the row as the
   * caller read it already (KEY_ROW), else read here.
   */
  indexBody(id: number, body: BodyText, read?: KeyRow): void {
    const row = read ?? this.keyRow(id);
    if (!row) return;
    const key = row.search_key ?? this.assignKey(row).key;
    sql(this.db, 'DELETE FROM search_headers WHERE rowid = ?').run(key);
    sql(
      this.db,
      'INSERT OR REPLACE INTO search_full (rowid, subject, sender, to_list, cc_list, body, files) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(key, ...headerColumns(row), body.text, body.files.join('\n'));
  }

  /** The row's key (assigned when it was inserted), for ordering a batch; undefined for a row without one yet. */
  keyOf(id: number): number | undefined {
    const row = sql(this.db, 'SELECT search_key FROM messages WHERE id = ?').get(id) as { search_key: number | null } | undefined;
    return row?.search_key ?? undefined;
  }

  /** The message's body is no longer stored (its file was lost): back to its headers only, until it is stored again. */
  unindexBody(id: number, contentId: number): void {
    this.removeLegacy(contentId);
    const row = this.keyRow(id);
    if (!row || row.search_key === null) return; // the backfill gives it a key and an entry
    sql(this.db, 'DELETE FROM search_full WHERE rowid = ?').run(row.search_key);
    sql(this.db, 'DELETE FROM search_headers WHERE rowid = ?').run(row.search_key);
    this.insertHeaders(row.search_key, row);
  }

  search(query: SearchQuery, scope: SearchScope, paging: SearchPaging, now = Date.now()): SearchPage {
    const unkeyed = this.hasUnkeyed();
    try {
      return searchMessages(this.db, query, scope, paging, { legacy: this.hasLegacy(), unkeyed, now, prefixes: this.prefixes });
    } catch (error) {
      // The body-store worker dropped the old index (emptied) between the check and the query.
      if (!this.legacyVanished(error)) throw error;
      return searchMessages(this.db, query, scope, paging, { legacy: false, unkeyed, now, prefixes: this.prefixes });
    }
  }

  // ---- stores from before migration 11 (see the top of this file) ----

  /**
   * Gives up to `limit` rows without a key their keys, and enters the headers
   * of those without a body (the bodies stored before migration 11 are in the
   * old table until reindexLegacy moves them). Returns how many it took.
   */
  backfillKeys(limit: number): number {
    return transaction(this.db, () => {
      const rows = sql(this.db, 'SELECT id FROM messages WHERE search_key IS NULL ORDER BY id LIMIT ?').all(limit) as { id: number }[];
      const ids = rows.map((r) => r.id);
      this.indexNewRows(ids);
      return ids.length;
    });
  }

  /** Whether some rows have no key yet: a store upgraded to migration 11, until backfillKeys has been through them (a row inserted since has one). */
  hasUnkeyed(): boolean {
    return sql(this.db, 'SELECT 1 FROM messages WHERE search_key IS NULL LIMIT 1').get() !== undefined;
  }

  /** Whether the old index (messages_fts, before migration 11) still holds entries to move. */
  hasLegacy(): boolean {
    if (!this.legacyTable()) return false;
    return sql(this.db, 'SELECT 1 FROM messages_fts LIMIT 1').get() !== undefined;
  }

  /**
   * Entries of the old index to move, newest content first: each as a row of
   * its message (whose source the caller parses again), or `row: undefined`
   * when no row has that content any more (removeLegacy it).
   */
  legacyBacklog(limit: number): { contentId: number; rowId: number | undefined }[] {
    if (!this.legacyTable()) return [];
    const contents = sql(this.db, 'SELECT rowid FROM messages_fts ORDER BY rowid DESC LIMIT ?').all(limit) as { rowid: number }[];
    const row = sql(this.db, 'SELECT id FROM messages WHERE content_id = ? AND body_state != ? ORDER BY id LIMIT 1');
    return contents.map(({ rowid }) => ({
      contentId: rowid,
      rowId: (row.get(rowid, BODY_STATE.missing) as { id: number } | undefined)?.id,
    }));
  }

  /**
   * Messages of the old index, parsed again (`body` undefined: no longer
   * readable, or no row has the content): into the new index, out of the
   * old, in one transaction.
   */
  reindexLegacy(entries: readonly { contentId: number; rowId: number | undefined; body: BodyText | undefined }[]): void {
    transaction(this.db, () => {
      const keyed = entries.map((entry) => ({ ...entry, key: entry.rowId === undefined ? 0 : (this.keyOf(entry.rowId) ?? 0) }));
      // In key order, as every batch (see indexNewRows).
      keyed.sort((a, b) => a.key - b.key);
      for (const { contentId, rowId, body } of keyed) {
        this.removeLegacy(contentId);
        // A body that cannot be read (nor downloaded again: it was not put back in the queue) keeps its headers findable.
        if (rowId !== undefined && this.keyRow(rowId)?.body_state !== BODY_STATE.missing)
          this.indexBody(rowId, body ?? { text: '', files: [] });
      }
    });
  }

  /** Takes an entry out of the old index. */
  removeLegacy(contentId: number): void {
    if (!this.legacyTable()) return;
    try {
      sql(this.db, 'DELETE FROM messages_fts WHERE rowid = ?').run(contentId);
    } catch (error) {
      // Dropped by the worker meanwhile: it was empty, so there was nothing to take out.
      if (!this.legacyVanished(error)) throw error;
    }
  }

  /** Whether `error` says the old index is gone (another connection dropped it); remembers it. */
  private legacyVanished(error: unknown): boolean {
    if (!(error instanceof Error) || !/no such table: (main\.)?messages_fts/.test(error.message)) return false;
    this.legacyGone = true;
    return true;
  }

  /** Drops the old index once it is empty; returns whether it is gone. */
  dropLegacyIfEmpty(): boolean {
    return transaction(this.db, () => {
      if (!this.legacyTable()) return true;
      if (this.hasLegacy()) return false;
      this.db.exec('DROP TRIGGER IF EXISTS messages_fts_delete; DROP TABLE messages_fts');
      this.legacyGone = true;
      return true;
    });
  }

  private legacyGone = false;

  private legacyTable(): boolean {
    if (this.legacyGone) return false;
    // Another connection (the body-store worker) may have dropped it.
    this.legacyGone = sql(this.db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'messages_fts'").get() === undefined;
    return !this.legacyGone;
  }

  private keyRow(id: number): KeyRow | undefined {
    return sql(this.db, `SELECT ${KEY_ROW} FROM messages WHERE id = ?`).get(id) as unknown as KeyRow | undefined;
  }

  /**
   * The row's key: its Gmail message's, when another row of it has one; else
   * a new one (fresh: true), given to the row and to every row of the same
   * message still without one.
   */
  private assignKey(row: KeyRow): { key: number; fresh: boolean } {
    if (row.gm_msgid !== null) {
      const shared = sql(
        this.db,
        'SELECT search_key FROM messages WHERE account_id = ? AND gm_msgid = ? AND search_key IS NOT NULL LIMIT 1',
      ).get(row.account_id, row.gm_msgid) as { search_key: number } | undefined;
      if (shared) {
        sql(this.db, 'UPDATE messages SET search_key = ? WHERE id = ?').run(shared.search_key, row.id);
        return { key: shared.search_key, fresh: false };
      }
    }
    const key = this.freeKey(row.date, row.id % ID_BITS);
    if (row.gm_msgid !== null) {
      sql(this.db, 'UPDATE messages SET search_key = ? WHERE account_id = ? AND gm_msgid = ? AND +search_key IS NULL').run(
        key,
        row.account_id,
        row.gm_msgid,
      );
    } else if (row.content_id !== null) {
      // Rows sharing a content without X-GM-MSGID: only stores upgraded from before Gmail's ids were kept.
      sql(this.db, 'UPDATE messages SET search_key = ? WHERE (id = ? OR content_id = ?) AND +search_key IS NULL').run(
        key,
        row.id,
        row.content_id,
      );
    } else {
      sql(this.db, 'UPDATE messages SET search_key = ? WHERE id = ?').run(key, row.id);
    }
    return { key, fresh: true };
  }

  /** A key no row has, for a message dated `date`: `low` in that second, or the next free one after it. */
  private freeKey(date: number, low: number): number {
    const taken = sql(this.db, 'SELECT 1 FROM messages WHERE search_key = ?');
    let key = keyFloor(date) + low;
    while (taken.get(key) !== undefined) key++;
    return key;
  }

  private insertHeaders(key: number, row: IndexedRow): void {
    sql(this.db, 'INSERT OR REPLACE INTO search_headers (rowid, subject, sender, to_list, cc_list) VALUES (?, ?, ?, ?, ?)').run(
      key,
      ...headerColumns(row),
    );
  }
}

/** The columns the two tables share: subject, sender, To, Cc (names and addresses, as the row has them). */
function headerColumns(row: IndexedRow): [string, string, string, string] {
  const people = (json: string | null) =>
    addressList(json)
      .flatMap((a) => [a.name, a.address])
      .filter(Boolean)
      .join(' ');
  return [
    row.subject ?? '',
    [row.from_name ?? '', row.from_address ?? ''].filter(Boolean).join(' '),
    people(row.to_json),
    people(row.cc_json),
  ];
}

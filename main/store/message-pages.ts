import type { MessageSummary, PageKey } from '../../shared/mail';
import { type Database, sql } from './database';
import { type MessageRow, SUMMARY_COLUMNS, toSummary } from './message-row';

// Pages of messages, newest first, without counting or skipping what lies
// before them (issue 14: a folder of 1,000,000 messages). A page is read in
// one of three ways:
//
// - after a key (the last row of the page before it: its date and id), or
//   before one (the first row of the page after it), for scrolling: a range
//   of the index (folder_id, date DESC, id DESC) from that key, as long as the
//   page. Rows added or removed elsewhere in the meantime move nothing here.
// - at a position, for a jump (the scrollbar, End, a list read again): the
//   per-folder counts of each span of time (message_spans, migration 13, kept
//   by triggers) are summed newest first to the span holding that position,
//   and only the rows of that span before it are skipped. The cost is one
//   span's rows (about 12 days of mail), not the position's.
// - the first page: the top of the index.
//
// What is paged is a scope: a set of folders (one folder, or a unified
// view's: every account's Inbox, say) and which of their rows (all, unread,
// starred). The rows of several folders are merged newest first: each
// folder's own range, as long as the page, then the first `limit` of those.
// Unread and starred rows come from their partial indexes by date, which
// carry folder_id: rows of folders outside the scope are skipped in the
// index.

/** Which rows of a scope's folders. */
export type ScopeRows = 'all' | 'unread' | 'flagged';

export interface Scope {
  folderIds: readonly number[];
  rows: ScopeRows;
}

export interface PageRequest {
  /** Where the page starts in the scope (row 0 = the newest); used when neither key is given. */
  offset: number;
  limit: number;
  /** Rows older than this one (the last row of the page before). */
  after?: PageKey | undefined;
  /** Rows newer than this one (the first row of the page after); the page is its `limit` nearest, newest first. */
  before?: PageKey | undefined;
}

export interface ScopeCounts {
  total: number;
  unread: number;
  flagged: number;
}

/** A span of time in message_spans: date >> SPAN_BITS (2^30 ms, about 12.4 days). Migration 13's triggers say the same. */
const SPAN_MS = 2 ** 30;
/** Above every row: the first page is the rows "after" this. */
const TOP: PageKey = { date: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };

const FILTER: Record<ScopeRows, string> = {
  all: '',
  unread: '(flags & 1) = 0 AND ',
  flagged: '(flags & 2) != 0 AND ',
};
const INDEX: Record<ScopeRows, string> = {
  all: '',
  unread: 'INDEXED BY messages_unread_by_date',
  flagged: 'INDEXED BY messages_flagged_by_date',
};
/** The spans' columns that count a scope's rows, and the unread among them. */
const COUNT_COLUMNS: Record<ScopeRows, readonly [string, string]> = {
  all: ['total', 'unread'],
  unread: ['unread', 'unread'],
  flagged: ['flagged', 'flagged_unread'],
};
const SPAN_COLUMN: Record<ScopeRows, string> = { all: 'total', unread: 'unread', flagged: 'flagged' };

export class MessagePages {
  constructor(private readonly db: Database) {}

  /** How many messages, unread and starred each folder holds (folders without mail are absent). */
  folderCounts(): Map<number, ScopeCounts> {
    const rows = sql(
      this.db,
      'SELECT folder_id, SUM(total) AS total, SUM(unread) AS unread, SUM(flagged) AS flagged FROM message_spans GROUP BY folder_id',
    ).all() as { folder_id: number; total: number; unread: number; flagged: number }[];
    return new Map(rows.map((r) => [r.folder_id, { total: r.total, unread: r.unread, flagged: r.flagged }]));
  }

  /** The scope's counts: how many rows it pages through, and how many of those are unread. */
  counts(scope: Scope): { total: number; unread: number } {
    if (scope.folderIds.length === 0) return { total: 0, unread: 0 };
    const [total, unread] = COUNT_COLUMNS[scope.rows];
    return sql(
      this.db,
      `SELECT IFNULL(SUM(${total}), 0) AS total, IFNULL(SUM(${unread}), 0) AS unread
         FROM message_spans WHERE folder_id IN (SELECT value FROM json_each(?))`,
    ).get(JSON.stringify(scope.folderIds)) as { total: number; unread: number };
  }

  /** A page of the scope, newest first, with the scope's counts. */
  page(scope: Scope, request: PageRequest): { total: number; unread: number; items: MessageSummary[] } {
    const counts = this.counts(scope);
    if (scope.folderIds.length === 0) return { ...counts, items: [] };
    const { limit } = request;
    let rows: MessageRow[];
    if (request.after) rows = this.older(scope, request.after, limit);
    else if (request.before) rows = this.newer(scope, request.before, limit);
    else rows = this.at(scope, request.offset, limit);
    return { ...counts, items: rows.map(toSummary) };
  }

  /** The rows at `offset` in the scope: from the span that holds it (see the top of this file). */
  private at(scope: Scope, offset: number, limit: number): MessageRow[] {
    if (offset === 0) return this.older(scope, TOP, limit);
    const span = sql(
      this.db,
      `SELECT span, cum - n AS before FROM (
         SELECT span, SUM(${SPAN_COLUMN[scope.rows]}) AS n,
                SUM(SUM(${SPAN_COLUMN[scope.rows]})) OVER (ORDER BY span DESC ROWS UNBOUNDED PRECEDING) AS cum
           FROM message_spans WHERE folder_id IN (SELECT value FROM json_each(?)) GROUP BY span)
       WHERE cum > ? ORDER BY span DESC LIMIT 1`,
    ).get(JSON.stringify(scope.folderIds), offset) as { span: number; before: number } | undefined;
    if (!span) return [];
    // The row at the offset, skipping only rows of its own span (everything below the next span up), from the index alone.
    const first = this.keyAt(scope, { date: (span.span + 1) * SPAN_MS, id: 0 }, offset - span.before);
    // Then the page from it: (date, id) ≤ that row's is < (its date, its id + 1).
    return first ? this.older(scope, { date: first.date, id: first.id + 1 }, limit) : [];
  }

  /** The key of the row `skip` rows below `key` (0: the first below it), read from the index without the rows. */
  private keyAt(scope: Scope, key: PageKey, skip: number): PageKey | undefined {
    const { folderIds, rows } = scope;
    if (rows !== 'all') {
      return sql(
        this.db,
        `SELECT date, id FROM messages ${INDEX[rows]}
           WHERE ${FILTER[rows]}folder_id IN (SELECT value FROM json_each(?)) AND (date, id) < (?, ?)
           ORDER BY date DESC, id DESC LIMIT 1 OFFSET ?`,
      ).get(JSON.stringify(folderIds), key.date, key.id, skip) as PageKey | undefined;
    }
    const arm = `SELECT * FROM (SELECT date, id FROM messages WHERE folder_id = ? AND (date, id) < (?, ?)
                   ORDER BY date DESC, id DESC LIMIT ?)`;
    const text = `${folderIds.map(() => arm).join(' UNION ALL ')} ORDER BY date DESC, id DESC LIMIT 1 OFFSET ?`;
    return sql(this.db, text).get(...folderIds.flatMap((id) => [id, key.date, key.id, skip + 1]), skip) as PageKey | undefined;
  }

  /** Up to `limit` rows older than `key`, newest first. */
  private older(scope: Scope, key: PageKey, limit: number): MessageRow[] {
    const { folderIds, rows } = scope;
    if (rows !== 'all') {
      return sql(
        this.db,
        `SELECT ${SUMMARY_COLUMNS} FROM messages ${INDEX[rows]}
           WHERE ${FILTER[rows]}folder_id IN (SELECT value FROM json_each(?)) AND (date, id) < (?, ?)
           ORDER BY date DESC, id DESC LIMIT ?`,
      ).all(JSON.stringify(folderIds), key.date, key.id, limit) as unknown as MessageRow[];
    }
    if (folderIds.length === 1) {
      return sql(
        this.db,
        `SELECT ${SUMMARY_COLUMNS} FROM messages WHERE folder_id = ? AND (date, id) < (?, ?)
           ORDER BY date DESC, id DESC LIMIT ?`,
      ).all(folderIds[0] as number, key.date, key.id, limit) as unknown as MessageRow[];
    }
    // Each folder's own range of the index, merged.
    const arm = `SELECT * FROM (SELECT ${SUMMARY_COLUMNS} FROM messages WHERE folder_id = ? AND (date, id) < (?, ?)
                   ORDER BY date DESC, id DESC LIMIT ?)`;
    const text = `${folderIds.map(() => arm).join(' UNION ALL ')} ORDER BY date DESC, id DESC LIMIT ?`;
    const args = folderIds.flatMap((id) => [id, key.date, key.id, limit]);
    return sql(this.db, text).all(...args, limit) as unknown as MessageRow[];
  }

  /** The `limit` rows nearest above `key`, newest first. */
  private newer(scope: Scope, key: PageKey, limit: number): MessageRow[] {
    const { folderIds, rows } = scope;
    let found: MessageRow[];
    if (rows !== 'all') {
      found = sql(
        this.db,
        `SELECT ${SUMMARY_COLUMNS} FROM messages ${INDEX[rows]}
           WHERE ${FILTER[rows]}folder_id IN (SELECT value FROM json_each(?)) AND (date, id) > (?, ?)
           ORDER BY date ASC, id ASC LIMIT ?`,
      ).all(JSON.stringify(folderIds), key.date, key.id, limit) as unknown as MessageRow[];
    } else {
      const arm = `SELECT * FROM (SELECT ${SUMMARY_COLUMNS} FROM messages WHERE folder_id = ? AND (date, id) > (?, ?)
                     ORDER BY date ASC, id ASC LIMIT ?)`;
      const text = `${folderIds.map(() => arm).join(' UNION ALL ')} ORDER BY date ASC, id ASC LIMIT ?`;
      found = sql(this.db, text).all(...folderIds.flatMap((id) => [id, key.date, key.id, limit]), limit) as unknown as MessageRow[];
    }
    return found.reverse();
  }
}

import type { MessageSummary } from '../../shared/mail';
import { type Database, sql } from './database';
import { addressList, type MessageRow, SUMMARY_COLUMNS, toSummary } from './message-row';

// The full-text index of messages (FTS5, table messages_fts, keyed by the
// message's content id: the row its body was stored under, see migration 10):
// subject and addresses as the list shows them, and the text of the body. A
// message is indexed once its body is stored (see MessagesRepo.storeBody); a
// trigger takes it out when the last row sharing its content is deleted. The
// rows of one Gmail message (one per label) share one entry, so a search
// finds the message once.

/** What the index needs of a message's row. */
export type IndexedRow = Pick<MessageRow, 'subject' | 'from_name' | 'from_address' | 'to_json' | 'cc_json'>;

export class SearchIndex {
  constructor(private readonly db: Database) {}

  /** Indexes a message: the row's subject and addresses, the body's text. Call inside the transaction that stores the body. */
  add(id: number, row: IndexedRow, bodyText: string): void {
    sql(this.db, 'INSERT INTO messages_fts (rowid, subject, addresses, body) VALUES (?, ?, ?, ?)').run(
      id,
      row.subject ?? '',
      searchAddresses(row),
      bodyText,
    );
  }

  /** Takes a message out of the index (its body is no longer stored). */
  remove(id: number): void {
    sql(this.db, 'DELETE FROM messages_fts WHERE rowid = ?').run(id);
  }

  /**
   * Messages matching what a person typed, newest first; of one account, or
   * of all. A message listed in several folders (Gmail's labels) comes once,
   * as its first row (min(id) makes SQLite take the other columns from it).
   */
  search(query: string, accountId: string | undefined, limit: number): MessageSummary[] {
    const rows = sql(
      this.db,
      `SELECT ${SUMMARY_COLUMNS.split(', ')
        .map((c) => `m.${c}`)
        .join(', ')}, MIN(m.id) AS first_id
         FROM messages_fts JOIN messages m ON m.content_id = messages_fts.rowid
         WHERE messages_fts MATCH ? AND (? IS NULL OR m.account_id = ?)
         GROUP BY m.content_id
         ORDER BY m.date DESC LIMIT ?`,
    ).all(toFtsQuery(query), accountId ?? null, accountId ?? null, limit) as unknown as MessageRow[];
    return rows.map(toSummary);
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

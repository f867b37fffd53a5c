import { type Database, sql, transaction } from './database';
import { BODY_STATE } from './message-row';

// The messages each POP3 account has downloaded, by the server's unique id
// (UIDL). A row is written in the same transaction as its message, so "listed
// here" means "safely in the store"; see migrations.ts (4).

export interface DownloadedUidl {
  uidl: string;
  downloadedAt: number;
  /** The message was deleted here: removed from the store, or moved to the Trash. */
  deletedHere: boolean;
  /** Only its headers are here (too large to download, MessagesRepo.storeTooLarge): the server holds the one copy. */
  headersOnly: boolean;
}

export class Pop3UidlsRepo {
  constructor(private readonly db: Database) {}

  /** Every UIDL this account has downloaded, with what the deletion rules need. */
  downloaded(accountId: string): Map<string, DownloadedUidl> {
    const rows = sql(
      this.db,
      `SELECT u.uidl, u.downloaded_at, (u.message_id IS NULL OR f.role = 'trash') AS deleted_here,
              (m.body_state IS ${BODY_STATE.missing}) AS headers_only
         FROM pop3_uidls u
         LEFT JOIN messages m ON m.id = u.message_id
         LEFT JOIN folders f ON f.id = m.folder_id
        WHERE u.account_id = ?`,
    ).all(accountId) as { uidl: string; downloaded_at: number; deleted_here: number; headers_only: number }[];
    return new Map(
      rows.map((r) => [
        r.uidl,
        { uidl: r.uidl, downloadedAt: r.downloaded_at, deletedHere: r.deleted_here === 1, headersOnly: r.headers_only === 1 },
      ]),
    );
  }

  /** Whether the account has downloaded anything yet (its first check has not: no notifications for that one). */
  any(accountId: string): boolean {
    return sql(this.db, 'SELECT 1 FROM pop3_uidls WHERE account_id = ? LIMIT 1').get(accountId) !== undefined;
  }

  has(accountId: string, uidl: string): boolean {
    return sql(this.db, 'SELECT 1 FROM pop3_uidls WHERE account_id = ? AND uidl = ?').get(accountId, uidl) !== undefined;
  }

  /** Call inside the transaction that stores the message (MessagesRepo.storeDownloaded). */
  record(accountId: string, uidl: string, messageId: number, downloadedAt: number): void {
    sql(this.db, 'INSERT OR REPLACE INTO pop3_uidls (account_id, uidl, message_id, downloaded_at) VALUES (?, ?, ?, ?)').run(
      accountId,
      uidl,
      messageId,
      downloadedAt,
    );
  }

  /** Forgets UIDLs the server no longer lists (deleted there, by us or by another client), in one transaction. */
  forget(accountId: string, uidls: Iterable<string>): void {
    transaction(this.db, () => {
      const statement = sql(this.db, 'DELETE FROM pop3_uidls WHERE account_id = ? AND uidl = ?');
      for (const uidl of uidls) statement.run(accountId, uidl);
    });
  }
}

import { type Database, sql } from './database';

/** Senders whose remote content (images, fonts, ...) the user allowed, per account. */
export class RemoteContentRepo {
  constructor(private readonly db: Database) {}

  allowSender(accountId: string, address: string): void {
    sql(this.db, 'INSERT OR IGNORE INTO remote_content_senders (account_id, address) VALUES (?, ?)').run(accountId, address.toLowerCase());
  }

  isSenderAllowed(accountId: string, address: string): boolean {
    return (
      sql(this.db, 'SELECT 1 FROM remote_content_senders WHERE account_id = ? AND address = ?').get(accountId, address.toLowerCase()) !==
      undefined
    );
  }
}

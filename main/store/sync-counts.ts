import { MAX_DOWNLOAD_BYTES } from '../../shared/mail';
import { type Database, sql } from './database';

// How far an account's offline copy is, for the sidebar's one overall figure
// ("Downloading 4,200 of 20,000 messages"): the messages whose headers are
// stored, and how many of them still wait for their body. Read-only; kept out
// of messages-repo.ts (the write path) on purpose.

export interface BodyCounts {
  /** Messages of the account dated on or after `notBefore` (those whose bodies are kept offline). */
  total: number;
  /** Of those, the ones whose body is still to be fetched. */
  missing: number;
}

export class SyncCounts {
  constructor(private readonly db: Database) {}

  bodies(accountId: string, notBefore = 0): BodyCounts {
    // Without a date limit the per-folder span counts answer without reading a row (a million rows stay cheap).
    const total =
      notBefore <= 0
        ? (sql(
            this.db,
            `SELECT IFNULL(SUM(s.total), 0) AS n FROM message_spans s
               WHERE s.folder_id IN (SELECT id FROM folders WHERE account_id = ?)`,
          ).get(accountId) as { n: number })
        : (sql(
            this.db,
            `SELECT COUNT(*) AS n FROM messages
               WHERE folder_id IN (SELECT id FROM folders WHERE account_id = ?) AND date >= ?`,
          ).get(accountId, notBefore) as { n: number });
    // The partial index messages_without_body covers this: its size is what is still to come.
    const missing = sql(
      this.db,
      `SELECT COUNT(*) AS n FROM messages
         WHERE account_id = ? AND body_state = 0 AND uid IS NOT NULL AND date >= ? AND size <= ${MAX_DOWNLOAD_BYTES}`,
    ).get(accountId, notBefore) as { n: number };
    return { total: total.n, missing: Math.min(missing.n, total.n) };
  }
}

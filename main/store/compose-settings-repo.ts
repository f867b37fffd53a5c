import { type Database, sql } from './database';

// Per-account compose choices and what the submission server announced.
// A NULL column means "the default" (decided in main/compose/settings.ts).

export interface StoredComposeSettings {
  format: 'html' | 'plain' | null;
  sentByServer: boolean | null;
  undoSeconds: number | null;
  /** SIZE from EHLO in bytes, 0 when the server announced none; null when never asked. */
  smtpSizeLimit: number | null;
}

interface Row {
  format: 'html' | 'plain' | null;
  sent_by_server: number | null;
  undo_seconds: number | null;
  smtp_size_limit: number | null;
}

export class ComposeSettingsRepo {
  constructor(private readonly db: Database) {}

  get(accountId: string): StoredComposeSettings {
    const row = sql(this.db, 'SELECT * FROM compose_settings WHERE account_id = ?').get(accountId) as unknown as Row | undefined;
    return {
      format: row?.format ?? null,
      sentByServer: row?.sent_by_server === null || row?.sent_by_server === undefined ? null : row.sent_by_server === 1,
      undoSeconds: row?.undo_seconds ?? null,
      smtpSizeLimit: row?.smtp_size_limit ?? null,
    };
  }

  setChoices(accountId: string, choices: Pick<StoredComposeSettings, 'format' | 'sentByServer' | 'undoSeconds'>): void {
    sql(
      this.db,
      `INSERT INTO compose_settings (account_id, format, sent_by_server, undo_seconds) VALUES (?, ?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET format = excluded.format, sent_by_server = excluded.sent_by_server,
           undo_seconds = excluded.undo_seconds`,
    ).run(accountId, choices.format, choices.sentByServer === null ? null : choices.sentByServer ? 1 : 0, choices.undoSeconds);
  }

  setSmtpSizeLimit(accountId: string, bytes: number): void {
    sql(
      this.db,
      `INSERT INTO compose_settings (account_id, smtp_size_limit, smtp_checked_at) VALUES (?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET smtp_size_limit = excluded.smtp_size_limit, smtp_checked_at = excluded.smtp_checked_at`,
    ).run(accountId, bytes, new Date().toISOString());
  }
}

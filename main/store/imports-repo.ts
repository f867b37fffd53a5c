import type { ImportJob, ImportProgress } from '../../shared/transfer';
import { type Database, sql, transaction } from './database';
import type { BodyRecord, HeaderRecord, MessagesRepo } from './messages-repo';
import type { SourceRef } from './source-files';

// Imports (main/import): each job's spec and progress, and the digests of the
// messages imported into each folder (migration 18). A batch of messages and
// the progress after it are one transaction (storeBatch): after a stop, a
// crash or a failure, the import goes on exactly after the last message stored.

interface Row {
  id: number;
  account_id: string;
  spec_json: string;
  state: ImportJob['state'];
  progress_json: string;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export interface ExportRow {
  id: number;
  from_address: string | null;
  date: number;
  flags: number;
}

/** What a job's row keeps beyond ImportJob: the spec as the import service wrote it. */
export interface StoredImport {
  job: ImportJob;
  spec: unknown;
}

export interface ImportedMessage {
  header: Omit<HeaderRecord, 'uid'>;
  body: BodyRecord;
  written: SourceRef;
  digest: Buffer;
  /** IMAP flags for the APPEND (an IMAP destination). */
  appendFlags: string[];
}

export class ImportsRepo {
  constructor(
    private readonly db: Database,
    private readonly messages: MessagesRepo,
  ) {}

  create(
    accountId: string,
    spec: { folderId: number; title: string; kind: ImportJob['kind'] },
    progress: ImportProgress,
    now: number,
  ): number {
    const result = sql(
      this.db,
      `INSERT INTO imports (account_id, spec_json, state, progress_json, error, created_at, updated_at) VALUES (?, ?, 'running', ?, NULL, ?, ?)`,
    ).run(accountId, JSON.stringify(spec), JSON.stringify(progress), now, now);
    return Number(result.lastInsertRowid);
  }

  get(id: number): StoredImport | undefined {
    const row = sql(this.db, 'SELECT * FROM imports WHERE id = ?').get(id) as unknown as Row | undefined;
    return row && toStored(row);
  }

  list(): StoredImport[] {
    return (sql(this.db, 'SELECT * FROM imports ORDER BY id DESC').all() as unknown as Row[]).map(toStored);
  }

  setState(id: number, state: ImportJob['state'], error: string | null, now: number, progress?: ImportProgress): void {
    if (progress) {
      sql(this.db, 'UPDATE imports SET state = ?, error = ?, progress_json = ?, updated_at = ? WHERE id = ?').run(
        state,
        error,
        JSON.stringify(progress),
        now,
        id,
      );
    } else {
      sql(this.db, 'UPDATE imports SET state = ?, error = ?, updated_at = ? WHERE id = ?').run(state, error, now, id);
    }
  }

  /** Imports left 'running' by a core that stopped: they are stopped now (the user resumes them). */
  stopInterrupted(now: number): void {
    sql(
      this.db,
      `UPDATE imports SET state = 'stopped', error = 'Tidings was closed during the import.', updated_at = ? WHERE state = 'running'`,
    ).run(now);
  }

  forget(id: number): void {
    sql(this.db, 'DELETE FROM imports WHERE id = ?').run(id);
  }

  /** The digests among `digests` already imported into the folder (read before the batch's bytes are written). */
  seen(folderId: number, digests: readonly Buffer[]): Set<string> {
    const found = new Set<string>();
    const statement = sql(this.db, 'SELECT 1 FROM import_digests WHERE folder_id = ? AND digest = ?');
    for (const digest of digests) {
      if (statement.get(folderId, digest)) found.add(digest.toString('hex'));
    }
    return found;
  }

  /**
   * Stores a batch of imported messages into a folder, their digests, and the
   * job's progress after them, in one transaction. With `append`, each is
   * queued for APPEND to the folder on the server. Returns how many were stored.
   */
  storeBatch(
    id: number,
    accountId: string,
    folderId: number,
    batch: readonly ImportedMessage[],
    progress: ImportProgress,
    now: number,
    append?: { folderPath: string },
  ): number {
    return transaction(this.db, () => {
      this.messages.storeImported(accountId, folderId, batch, append);
      const record = sql(this.db, 'INSERT OR IGNORE INTO import_digests (folder_id, digest) VALUES (?, ?)');
      for (const { digest } of batch) record.run(folderId, digest);
      sql(this.db, 'UPDATE imports SET progress_json = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(progress), now, id);
      return batch.length;
    });
  }

  /** What an export of a folder writes, oldest first: each row's id, and what its "From " line and Maildir name say. */
  exportRows(folderId: number): ExportRow[] {
    return sql(this.db, 'SELECT id, from_address, date, flags FROM messages WHERE folder_id = ? ORDER BY date, id').all(
      folderId,
    ) as unknown as ExportRow[];
  }

  /** exportRows for given rows (a search result), in the order given. */
  exportRowsOf(ids: readonly number[]): ExportRow[] {
    const statement = sql(this.db, 'SELECT id, from_address, date, flags FROM messages WHERE id = ?');
    return ids.map((id) => statement.get(id) as unknown as ExportRow | undefined).filter((row): row is ExportRow => row !== undefined);
  }

  /**
   * The rows of a folder with this Message-ID (found through the account's
   * Message-ID index: by folder alone SQLite walks the folder's date index,
   * a whole folder per imported message).
   */
  rowsWithMessageId(accountId: string, folderId: number, messageId: string): number[] {
    const rows = sql(this.db, 'SELECT id FROM messages WHERE account_id = ? AND message_id = ? AND folder_id = ?').all(
      accountId,
      messageId,
      folderId,
    ) as { id: number }[];
    return rows.map((row) => row.id);
  }

  /** The progress alone (a part with nothing new to store: all duplicates or unreadable). */
  setProgress(id: number, progress: ImportProgress, now: number): void {
    sql(this.db, 'UPDATE imports SET progress_json = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(progress), now, id);
  }
}

function toStored(row: Row): StoredImport {
  const spec = JSON.parse(row.spec_json) as { folderId: number; title: string; kind: ImportJob['kind'] };
  return {
    spec,
    job: {
      id: row.id,
      accountId: row.account_id,
      folderId: spec.folderId,
      title: spec.title,
      kind: spec.kind,
      state: row.state,
      progress: JSON.parse(row.progress_json) as ImportProgress,
      error: row.error,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
  };
}

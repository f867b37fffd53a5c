import { type Database, sql } from './database';

// The queue of user actions waiting to reach the server, in the order they
// were made. An action is written here in the same transaction that applies
// it to the store, so a crash can never keep one without the other.

export type PendingOp =
  // `optional`: keywords a server may not keep ($Junk, $NotJunk): one that cannot store them has nothing to say to the user.
  | { kind: 'flags'; folderPath: string; uidvalidity: number; uids: number[]; add: string[]; remove: string[]; optional?: boolean }
  | { kind: 'move'; folderPath: string; uidvalidity: number; moves: { uid: number; messageId: number }[]; toPath: string }
  | { kind: 'expunge'; folderPath: string; uidvalidity: number; uids: number[] }
  // Gmail: add and remove labels (UID STORE +/-X-GM-LABELS), addressed by the messages' UIDs in one folder.
  | { kind: 'labels'; folderPath: string; uidvalidity: number; uids: number[]; add: string[]; remove: string[] }
  // Written by sending (main/imap/append-ops.ts): file a stored message (the Sent copy, row `rowId`) in a folder,
  // once; and make the server's Drafts folder hold the current version of a draft (or none once it is gone).
  | { kind: 'append'; folderPath: string; rowId: number; messageId: string; flags: string[] }
  | { kind: 'draft'; folderPath: string; draftId: string };

/** An op for one account's server, written in the same transaction as the change to the store it mirrors. */
export interface ServerOp {
  accountId: string;
  op: PendingOp;
}

export interface QueuedOp {
  id: number;
  op: PendingOp;
  attempts: number;
}

export class OpsRepo {
  constructor(private readonly db: Database) {}

  enqueue(accountId: string, op: PendingOp): void {
    sql(this.db, 'INSERT INTO pending_ops (account_id, kind, payload_json, created_at) VALUES (?, ?, ?, ?)').run(
      accountId,
      op.kind,
      JSON.stringify(op),
      new Date().toISOString(),
    );
  }

  /**
   * Enqueues an op at the end of the queue, dropping an identical one still
   * waiting: a draft saved many times needs one upload (of its latest
   * version), and one being replayed right now is simply done again.
   */
  requeue(accountId: string, op: PendingOp): void {
    sql(this.db, 'DELETE FROM pending_ops WHERE account_id = ? AND kind = ? AND payload_json = ?').run(
      accountId,
      op.kind,
      JSON.stringify(op),
    );
    this.enqueue(accountId, op);
  }

  /** The oldest ops of an account, in order. */
  next(accountId: string, limit = 50): QueuedOp[] {
    const rows = sql(this.db, 'SELECT id, payload_json, attempts FROM pending_ops WHERE account_id = ? ORDER BY id LIMIT ?').all(
      accountId,
      limit,
    ) as { id: number; payload_json: string; attempts: number }[];
    return rows.map((row) => ({ id: row.id, op: JSON.parse(row.payload_json) as PendingOp, attempts: row.attempts }));
  }

  count(accountId: string): number {
    return (sql(this.db, 'SELECT COUNT(*) AS n FROM pending_ops WHERE account_id = ?').get(accountId) as { n: number }).n;
  }

  done(id: number): void {
    sql(this.db, 'DELETE FROM pending_ops WHERE id = ?').run(id);
  }

  failed(id: number, error: string): void {
    sql(this.db, 'UPDATE pending_ops SET attempts = attempts + 1, last_error = ? WHERE id = ?').run(error.slice(0, 500), id);
  }
}

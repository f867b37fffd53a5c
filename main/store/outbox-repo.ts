import type { Address } from '../../shared/mail';
import { type Database, sql, transaction } from './database';
import { type DraftRemoval, DraftsRepo } from './drafts-repo';

// Messages waiting to be sent, with the exact bytes to submit. The state is
// written before and after each step of the SMTP transaction, so that a
// restart knows whether the server may already have the message (see
// main/outbox/outbox.ts).

export type OutboxState = 'scheduled' | 'submitting' | 'committing' | 'accepted';

export interface Envelope {
  from: string;
  to: string[];
}

/** What sending must do to the message replied to or forwarded. */
export interface OutboxSource {
  messageId: number;
  mode: 'reply' | 'replyAll' | 'forward' | 'forwardAsAttachment' | 'new';
}

export interface OutboxRecord {
  id: string;
  accountId: string;
  draftId: string;
  messageId: string;
  envelope: Envelope;
  subject: string;
  recipients: Address[];
  source: OutboxSource | null;
  state: OutboxState;
  sendAt: number;
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  createdAt: string;
  size: number;
}

interface Row {
  id: string;
  account_id: string;
  draft_id: string;
  message_id: string;
  envelope_json: string;
  subject: string;
  recipients_json: string;
  source_json: string | null;
  state: OutboxState;
  send_at: number;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  created_at: string;
  size: number;
}

const COLUMNS =
  'id, account_id, draft_id, message_id, envelope_json, subject, recipients_json, source_json, state, send_at, attempts, next_attempt_at, last_error, created_at, length(raw) AS size';

function fromRow(row: Row): OutboxRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    draftId: row.draft_id,
    messageId: row.message_id,
    envelope: JSON.parse(row.envelope_json) as Envelope,
    subject: row.subject,
    recipients: JSON.parse(row.recipients_json) as Address[],
    source: row.source_json ? (JSON.parse(row.source_json) as OutboxSource) : null,
    state: row.state,
    sendAt: row.send_at,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    size: row.size,
  };
}

export class OutboxRepo {
  /** The drafts, on this connection: a sent message's draft goes in the transaction that takes it out of the outbox. */
  private readonly drafts: DraftsRepo;

  constructor(private readonly db: Database) {
    this.drafts = new DraftsRepo(db);
  }

  insert(record: Omit<OutboxRecord, 'attempts' | 'nextAttemptAt' | 'lastError' | 'size'>, raw: Uint8Array): void {
    sql(
      this.db,
      `INSERT INTO outbox (id, account_id, draft_id, message_id, raw, envelope_json, subject, recipients_json, source_json, state, send_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      record.id,
      record.accountId,
      record.draftId,
      record.messageId,
      raw,
      JSON.stringify(record.envelope),
      record.subject,
      JSON.stringify(record.recipients),
      record.source ? JSON.stringify(record.source) : null,
      record.state,
      record.sendAt,
      record.createdAt,
    );
  }

  get(id: string): OutboxRecord | undefined {
    const row = sql(this.db, `SELECT ${COLUMNS} FROM outbox WHERE id = ?`).get(id) as unknown as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  list(accountId?: string): OutboxRecord[] {
    const rows = sql(this.db, `SELECT ${COLUMNS} FROM outbox WHERE (? IS NULL OR account_id = ?) ORDER BY send_at, created_at`).all(
      accountId ?? null,
      accountId ?? null,
    ) as unknown as Row[];
    return rows.map(fromRow);
  }

  byDraft(draftId: string): OutboxRecord | undefined {
    const row = sql(this.db, `SELECT ${COLUMNS} FROM outbox WHERE draft_id = ?`).get(draftId) as unknown as Row | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Account ids with anything in the outbox. */
  accounts(): string[] {
    return (sql(this.db, 'SELECT DISTINCT account_id FROM outbox').all() as { account_id: string }[]).map((r) => r.account_id);
  }

  raw(id: string): Buffer | undefined {
    const row = sql(this.db, 'SELECT raw FROM outbox WHERE id = ?').get(id) as { raw: Uint8Array } | undefined;
    return row ? Buffer.from(row.raw) : undefined;
  }

  setState(id: string, state: OutboxState): void {
    sql(this.db, 'UPDATE outbox SET state = ? WHERE id = ?').run(state, id);
  }

  /** A temporary failure: back to 'scheduled', tried again at `nextAttemptAt`. */
  retryLater(id: string, nextAttemptAt: number, error: string): void {
    sql(this.db, "UPDATE outbox SET state = 'scheduled', attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?").run(
      nextAttemptAt,
      error.slice(0, 1000),
      id,
    );
  }

  /** Try now (the user asked, or the account came back online). */
  dueNow(id: string): void {
    sql(this.db, "UPDATE outbox SET next_attempt_at = NULL, send_at = MIN(send_at, ?) WHERE id = ? AND state = 'scheduled'").run(
      Date.now(),
      id,
    );
  }

  delete(id: string): boolean {
    return sql(this.db, 'DELETE FROM outbox WHERE id = ?').run(id).changes > 0;
  }

  /**
   * A message is sent and its Sent copy filed: it leaves the outbox, and the
   * draft it was sent from (when given) is deleted with its server copy's
   * removal queued, in one transaction.
   */
  finish(id: string, draft?: DraftRemoval): void {
    transaction(this.db, () => {
      this.delete(id);
      if (draft) this.drafts.delete(draft.id, draft.serverCopies);
    });
  }
}

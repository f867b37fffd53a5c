import type { Identity } from '../../shared/compose';
import { type Database, sql, transaction } from './database';

// The names and addresses an account sends as (shared/compose.ts: Identity).

interface IdentityRow {
  id: string;
  account_id: string;
  name: string;
  address: string;
  reply_to: string | null;
  signature: string;
  signature_html: string | null;
  is_default: number;
}

function fromRow(row: IdentityRow): Identity {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    address: row.address,
    replyTo: row.reply_to,
    signature: row.signature,
    signatureHtml: row.signature_html,
    isDefault: row.is_default === 1,
  };
}

export class IdentitiesRepo {
  constructor(private readonly db: Database) {}

  list(accountId?: string): Identity[] {
    const rows = sql(this.db, 'SELECT * FROM identities WHERE (? IS NULL OR account_id = ?) ORDER BY account_id, position').all(
      accountId ?? null,
      accountId ?? null,
    ) as unknown as IdentityRow[];
    return rows.map(fromRow);
  }

  get(id: string): Identity | undefined {
    const row = sql(this.db, 'SELECT * FROM identities WHERE id = ?').get(id) as unknown as IdentityRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** Replaces every identity of an account, in one transaction. */
  replace(accountId: string, identities: readonly Identity[]): void {
    transaction(this.db, () => {
      sql(this.db, 'DELETE FROM identities WHERE account_id = ?').run(accountId);
      const insert = sql(
        this.db,
        'INSERT INTO identities (id, account_id, name, address, reply_to, signature, signature_html, is_default, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      identities.forEach((identity, position) => {
        insert.run(
          identity.id,
          accountId,
          identity.name,
          identity.address,
          identity.replyTo,
          identity.signature,
          identity.signatureHtml,
          identity.isDefault ? 1 : 0,
          position,
        );
      });
    });
  }
}

import {
  type AccountOptions,
  DEFAULT_ACCOUNT_OPTIONS,
  type ImapFlavor,
  type IncomingSettings,
  type ServerSettings,
} from '../../shared/accounts';
import type { OAuthProvider } from '../../shared/oauth';
import { type Database, sql, transaction } from './database';

/** An account's settings as stored. The password is never here: see main/auth/keychain.ts. */
export interface StoredAccount {
  id: string;
  name: string;
  email: string;
  incoming: IncomingSettings;
  outgoing: ServerSettings;
  options: AccountOptions;
  createdAt: string;
  /** Present when the account signs in with OAuth2 (its refresh token is in the keychain). */
  oauth?: { provider: OAuthProvider };
  /** 'gmail' once its IMAP server advertised X-GM-EXT-1: labels, one message in many folders, Sent filed by the server. */
  imapFlavor?: ImapFlavor;
  /** Its colour (#rrggbb) in the sidebar and the unified views; absent: the default. */
  color?: string;
}

/** What editing an account in place changes (accounts.update); what is left out stays. */
export interface AccountChanges {
  name?: string;
  color?: string | null;
  incoming?: IncomingSettings;
  outgoing?: ServerSettings;
}

export type { ImapFlavor };

interface AccountRow {
  id: string;
  name: string;
  email: string;
  incoming_json: string;
  outgoing_json: string;
  options_json: string | null;
  created_at: string;
  oauth_provider: string | null;
  imap_flavor: string | null;
  color: string | null;
}

function fromRow(row: AccountRow): StoredAccount {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    incoming: JSON.parse(row.incoming_json) as IncomingSettings,
    outgoing: JSON.parse(row.outgoing_json) as ServerSettings,
    options: { ...DEFAULT_ACCOUNT_OPTIONS, ...(row.options_json ? (JSON.parse(row.options_json) as Partial<AccountOptions>) : {}) },
    createdAt: row.created_at,
    ...(row.oauth_provider ? { oauth: { provider: row.oauth_provider as OAuthProvider } } : {}),
    ...(row.imap_flavor === 'gmail' ? { imapFlavor: 'gmail' as const } : {}),
    ...(row.color ? { color: row.color } : {}),
  };
}

export class AccountsRepo {
  constructor(private readonly db: Database) {}

  list(): StoredAccount[] {
    const rows = sql(this.db, 'SELECT * FROM accounts ORDER BY position, created_at').all() as unknown as AccountRow[];
    return rows.map(fromRow);
  }

  get(id: string): StoredAccount | undefined {
    const row = sql(this.db, 'SELECT * FROM accounts WHERE id = ?').get(id) as unknown as AccountRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  insert(account: StoredAccount): void {
    sql(
      this.db,
      `INSERT INTO accounts (id, name, email, incoming_json, outgoing_json, options_json, created_at, oauth_provider, position)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM accounts))`,
    ).run(
      account.id,
      account.name,
      account.email,
      JSON.stringify(account.incoming),
      JSON.stringify(account.outgoing),
      JSON.stringify(account.options),
      account.createdAt,
      account.oauth?.provider ?? null,
    );
  }

  setOptions(id: string, options: AccountOptions): void {
    sql(this.db, 'UPDATE accounts SET options_json = ? WHERE id = ?').run(JSON.stringify(options), id);
  }

  /** Changes the account's name, colour or servers in place: its id, folders and mail stay. True when it exists. */
  update(id: string, changes: AccountChanges): boolean {
    const columns: [string, string | null][] = [];
    if (changes.name !== undefined) columns.push(['name', changes.name]);
    if (changes.color !== undefined) columns.push(['color', changes.color]);
    if (changes.incoming) columns.push(['incoming_json', JSON.stringify(changes.incoming)]);
    if (changes.outgoing) columns.push(['outgoing_json', JSON.stringify(changes.outgoing)]);
    if (columns.length === 0) return this.get(id) !== undefined;
    // The column names are the four above, never the caller's.
    const set = columns.map(([column]) => `${column} = ?`).join(', ');
    return sql(this.db, `UPDATE accounts SET ${set} WHERE id = ?`).run(...columns.map(([, value]) => value), id).changes > 0;
  }

  /** Puts the accounts in this order (ids not listed keep their place after the listed ones), in one transaction. */
  reorder(ids: readonly string[]): void {
    transaction(this.db, () => {
      const rest = this.list()
        .map((a) => a.id)
        .filter((id) => !ids.includes(id));
      const update = sql(this.db, 'UPDATE accounts SET position = ? WHERE id = ?');
      for (const [index, id] of [...ids, ...rest].entries()) update.run(index + 1, id);
    });
  }

  /** What the account's IMAP server turned out to be (null: a plain IMAP server); true when that changed. */
  setImapFlavor(id: string, flavor: ImapFlavor | null): boolean {
    return sql(this.db, 'UPDATE accounts SET imap_flavor = ? WHERE id = ? AND imap_flavor IS NOT ?').run(flavor, id, flavor).changes > 0;
  }

  /** Deletes the row; later tables reference accounts ON DELETE CASCADE, so their rows go with it. */
  delete(id: string): boolean {
    return sql(this.db, 'DELETE FROM accounts WHERE id = ?').run(id).changes > 0;
  }
}

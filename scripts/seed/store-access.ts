// The seed's only way into the core's store. Every import from main/ that the
// seed needs is here, so that when the store moves or splits, this one file
// follows it. It writes what the IMAP sync writes, through the same code:
// account and folder rows through their repositories, message rows through
// MessagesRepo.upsertHeaders (as a header fetch stores them), then the bodies
// picked with withoutBody and stored with parseAndStoreBodies, the body-store
// worker's own function (parse, pack file, row update, full-text index, in
// one transaction per batch). No SQL of its own, no keychain. A Gmail-like
// account (imap_flavor 'gmail') is written as its sync writes one: a row per
// folder a message is listed in, each carrying X-GM-MSGID and the labels, so
// the store shares one body between them.
import { join } from 'node:path';
import { headerRecordOf } from '../../main/pop3/downloaded-message';
import { AccountsRepo } from '../../main/store/accounts-repo';
import { type Database, openDatabase, transaction } from '../../main/store/database';
import { FLAG } from '../../main/store/flags';
import { type FolderRecord, FoldersRepo } from '../../main/store/folders-repo';
import { type GmailIdentity, type HeaderRecord, MessagesRepo } from '../../main/store/messages-repo';
import { SourceFiles } from '../../main/store/source-files';
import { parseAndStoreBodies } from '../../main/sync/body-store';
import type { FolderRole } from '../../shared/mail';

/** The files of a data dir, as the core names them (main/core/core.ts). */
export const DATA_DIR_FILES = { database: 'tidings.sqlite', sources: 'sources' } as const;

/** The store's flag bits (main/store/flags.ts). */
export const SEED_FLAG = FLAG;

export interface SeedAccount {
  id: string;
  name: string;
  email: string;
  /** The IMAP and SMTP servers' host and port: somewhere nothing answers. */
  host: string;
  port: number;
}

export interface SeedFolder {
  path: string;
  role: FolderRole | null;
  /** False for a \Noselect container such as Gmail's "[Gmail]" (default true). */
  selectable?: boolean;
}

export interface SeedMessage {
  folderId: number;
  uid: number;
  /** The whole message; absent: only `header` is stored (its body not downloaded, as outside a sync's "last N days"). */
  raw?: Buffer;
  /** What the header sync stores; read from `raw` when absent. */
  header?: SeedHeader;
  /** SEED_FLAG bits. */
  flags: number;
  /** On a Gmail account: X-GM-MSGID, X-GM-THRID and X-GM-LABELS, the same in every folder the message is in. */
  gmail?: GmailIdentity;
}

/** A header as the sync stores it, without the UID, flags and Gmail identity the seed gives each row. */
export type SeedHeader = Omit<HeaderRecord, 'uid' | 'flags' | 'gmail' | 'keywords'>;

/** The seed's handle on one data dir's store. */
export class SeedStore {
  private readonly db: Database;
  private readonly accounts: AccountsRepo;
  private readonly folders: FoldersRepo;
  private readonly messages: MessagesRepo;

  constructor(dataDir: string) {
    this.db = openDatabase(join(dataDir, DATA_DIR_FILES.database));
    this.accounts = new AccountsRepo(this.db);
    this.folders = new FoldersRepo(this.db);
    this.messages = new MessagesRepo(this.db, new SourceFiles(join(dataDir, DATA_DIR_FILES.sources)));
  }

  /** An IMAP account whose password is saved nowhere: the core never logs in, so nothing syncs. */
  addAccount(account: SeedAccount, createdAt: string): void {
    const server = { host: account.host, port: account.port, security: 'tls' as const, username: account.email };
    this.accounts.insert({
      id: account.id,
      name: account.name,
      email: account.email,
      incoming: { ...server, protocol: 'imap' },
      outgoing: server,
      options: { bodyDays: null },
      createdAt,
    });
  }

  /** Marks the account as Gmail, as the sync does when the server says X-GM-EXT-1. */
  setGmail(accountId: string): void {
    this.accounts.setImapFlavor(accountId, 'gmail');
  }

  /** The account's folder tree, as a folder list from the server sets it; returns each folder's id by path. */
  addFolders(accountId: string, folders: readonly SeedFolder[], delimiter = '/'): Map<string, number> {
    const records = folders.map((folder): FolderRecord => {
      const cut = folder.path.lastIndexOf(delimiter);
      return {
        path: folder.path,
        name: folder.role === 'inbox' ? 'Inbox' : folder.path.slice(cut + 1),
        delimiter,
        parentPath: cut < 0 ? null : folder.path.slice(0, cut),
        role: folder.role,
        subscribed: true,
        selectable: folder.selectable ?? true,
      };
    });
    transaction(this.db, () => this.folders.replaceAll(accountId, records));
    return new Map(folders.map((folder) => [folder.path, this.folders.byPath(accountId, folder.path)?.id as number]));
  }

  /** What the folder's sync state would say after a full sync of `uids` messages. */
  markSynced(folderId: number, lastUid: number): void {
    this.folders.setSyncState(folderId, { uidvalidity: 1, uidnext: lastUid + 1, highestmodseq: null });
  }

  /**
   * Stores one batch of one account's messages as a sync does: the header
   * rows (read from each message's own header, as for mail downloaded whole)
   * in one transaction, then the bodies. Returns how many bodies were stored.
   */
  async addMessages(accountId: string, batch: readonly SeedMessage[], arrivedAt: number): Promise<number> {
    const byFolder = new Map<number, HeaderRecord[]>();
    const rawOf = new Map<string, Buffer>();
    for (const m of batch) {
      const header = m.header ?? headerRecordOf(m.raw as Buffer, arrivedAt);
      const record: HeaderRecord = { keywords: [], ...header, uid: m.uid, flags: m.flags, gmail: m.gmail };
      const list = byFolder.get(m.folderId) ?? [];
      list.push(record);
      byFolder.set(m.folderId, list);
      if (m.raw) rawOf.set(`${m.folderId}:${m.uid}`, m.raw);
    }
    transaction(this.db, () => {
      for (const [folderId, records] of byFolder) this.messages.upsertHeaders(accountId, folderId, records);
    });
    if (rawOf.size === 0) return 0;
    // As the body downloader picks its work: the rows still without a body.
    const pending = this.messages.withoutBody(accountId, batch.length + 1);
    const bodies = pending.flatMap((row) => {
      const raw = rawOf.get(`${row.folder_id}:${row.uid}`);
      return raw ? [{ id: row.id, raw }] : [];
    });
    return parseAndStoreBodies(this.messages, bodies);
  }

  close(): void {
    this.db.close();
  }
}

import type { Pop3Options } from '../../shared/accounts';
import { type Database, transaction } from '../store/database';
import type { BodyRecord, HeaderRecord, MessagesRepo } from '../store/messages-repo';
import type { Pop3UidlsRepo } from '../store/pop3-uidls-repo';
import { toBodyRecord } from '../sync/body-record';
import { headerRecordOf } from './downloaded-message';
import type { Pop3Connection, Pop3Listing } from './pop3-connection';

// One POP3 session's work once logged in: download what is new into the local
// Inbox, then mark for deletion what the account's options say should leave
// the server. UIDL decides what is new (RFC 1939 section 7). A message counts
// as downloaded only when it, its index entry and its UIDL are committed in
// one transaction; deletions are only ever asked for messages committed here,
// and the server carries them out only at QUIT. So a dropped connection or a
// killed process can cost a download, never a message, and never duplicates.

export interface DownloadDeps {
  accountId: string;
  inboxId: number;
  db: Database;
  messages: MessagesRepo;
  uidls: Pop3UidlsRepo;
  options: Pop3Options;
  /** The clock ("delete after N days"); tests pass a fake one. */
  now(): number;
  /** After each committed batch: how many of this session's new messages are stored. */
  onProgress(done: number, total: number): void;
  /** Asked between messages: stop early (the account is being stopped). */
  stopped(): boolean;
}

export interface DownloadResult {
  downloaded: number;
  /** Messages marked for deletion (deleted once the session ends with QUIT). */
  deleted: number;
}

/** Committed together: one transaction per batch, bounded by count and bytes. */
const BATCH_MESSAGES = 100;
const BATCH_BYTES = 8 * 1024 * 1024;

export async function downloadNew(connection: Pop3Connection, deps: DownloadDeps): Promise<DownloadResult> {
  const listing = await connection.listing();
  const known = deps.uidls.downloaded(deps.accountId);
  // UIDLs the server no longer lists will not come back: forget them (the messages stay here).
  const listed = new Set(listing.map((m) => m.uidl));
  const gone = [...known.keys()].filter((uidl) => !listed.has(uidl));
  if (gone.length) transaction(deps.db, () => deps.uidls.forget(deps.accountId, gone));

  const todo = listing.filter((m) => !known.has(m.uidl));
  const committed = new Set<string>();
  let batch: { listing: Pop3Listing; header: Omit<HeaderRecord, 'uid'>; record: BodyRecord }[] = [];
  let batchBytes = 0;
  const commit = () => {
    if (batch.length === 0) return;
    const arrivedAt = deps.now();
    transaction(deps.db, () => {
      for (const { listing, header, record } of batch) {
        const id = deps.messages.insertLocal(deps.accountId, deps.inboxId, header);
        deps.messages.storeBody(id, record);
        deps.uidls.record(deps.accountId, listing.uidl, id, arrivedAt);
      }
    });
    for (const { listing } of batch) committed.add(listing.uidl);
    batch = [];
    batchBytes = 0;
    deps.onProgress(committed.size, todo.length);
  };

  deps.onProgress(0, todo.length);
  for (const message of todo) {
    if (deps.stopped()) break;
    const raw = await connection.retrieve(message.number, message.size);
    batch.push({ listing: message, header: headerRecordOf(raw, deps.now()), record: await toBodyRecord(raw) });
    batchBytes += raw.length;
    if (batch.length >= BATCH_MESSAGES || batchBytes >= BATCH_BYTES) commit();
  }
  commit();

  let deleted = 0;
  const now = deps.now();
  for (const message of listing) {
    const downloaded = known.get(message.uidl) ?? (committed.has(message.uidl) ? { downloadedAt: now, deletedHere: false } : undefined);
    if (!downloaded || !shouldDelete(downloaded, deps.options, now)) continue;
    await connection.markDeleted(message.number);
    deleted++;
  }
  return { downloaded: committed.size, deleted };
}

/** Whether the server's copy of a message stored here should go, by the account's options (as Thunderbird decides). */
export function shouldDelete(message: { downloadedAt: number; deletedHere: boolean }, options: Pop3Options, now: number): boolean {
  if (!options.leaveOnServer) return true;
  if (options.deleteAfterDays !== null && now - message.downloadedAt >= options.deleteAfterDays * 86_400_000) return true;
  return options.deleteWhenDeletedHere && message.deletedHere;
}

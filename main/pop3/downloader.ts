import type { Pop3Options } from '../../shared/accounts';
import { MAX_DOWNLOAD_BYTES } from '../../shared/mail';
import type { TooLargeToStore } from '../store/messages-repo';
import type { Pop3UidlsRepo } from '../store/pop3-uidls-repo';
import { type DownloadedBatch, headerRecordOf } from './downloaded-message';
import type { Pop3Connection } from './pop3-connection';

// One POP3 session's work once logged in: download what is new into the local
// Inbox, then mark for deletion what the account's options say should leave
// the server. UIDL decides what is new (RFC 1939 section 7). A message counts
// as downloaded only when it, its index entry and its UIDL are committed in
// one transaction; deletions are only ever asked for messages committed here,
// and the server carries them out only at QUIT. So a dropped connection or a
// killed process can cost a download, never a message, and never duplicates.
// A message LIST says is larger than MAX_DOWNLOAD_BYTES (as IMAP's literal
// limit) is not downloaded: its headers (TOP n 0) are listed, the reader says
// to open it on the server, and no rule deletes it there (it is not here).

export interface DownloadDeps {
  accountId: string;
  inboxId: number;
  uidls: Pop3UidlsRepo;
  /** Parses and stores a batch with its UIDLs in one transaction (sync/downloaded-store.ts); resolves with how many were stored. */
  store(batch: DownloadedBatch): Promise<number>;
  /** Lists messages too large to download by their headers, with their UIDLs, in one transaction (MessagesRepo.storeTooLarge). */
  storeTooLarge(accountId: string, folderId: number, arrivedAt: number, messages: readonly TooLargeToStore[]): void;
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
const BATCH_BYTES = 4 * 1024 * 1024;

export async function downloadNew(connection: Pop3Connection, deps: DownloadDeps): Promise<DownloadResult> {
  const listing = await connection.listing();
  const known = deps.uidls.downloaded(deps.accountId);
  // UIDLs the server no longer lists will not come back: forget them (the messages stay here).
  const listed = new Set(listing.map((m) => m.uidl));
  const gone = [...known.keys()].filter((uidl) => !listed.has(uidl));
  if (gone.length) deps.uidls.forget(deps.accountId, gone);

  const todo = listing.filter((m) => !known.has(m.uidl));
  const tooLarge = todo.filter((m) => m.size > MAX_DOWNLOAD_BYTES);
  const toDownload = todo.filter((m) => m.size <= MAX_DOWNLOAD_BYTES);
  let stored = 0;
  // One batch is parsed and stored (in the body-store worker) while the next comes over the network.
  let storing: Promise<void> = Promise.resolve();
  let batch: DownloadedBatch['messages'] = [];
  let batchBytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const messages = batch;
    batch = [];
    batchBytes = 0;
    await storing;
    storing = deps.store({ accountId: deps.accountId, folderId: deps.inboxId, arrivedAt: deps.now(), messages }).then((count) => {
      stored += count;
      deps.onProgress(stored, todo.length);
    });
  };

  deps.onProgress(0, todo.length);
  if (tooLarge.length > 0) {
    const arrivedAt = deps.now();
    const headers: TooLargeToStore[] = [];
    for (const message of tooLarge) {
      headers.push({ uidl: message.uidl, header: headerRecordOf(await connection.top(message.number, 0), arrivedAt, message.size) });
    }
    deps.storeTooLarge(deps.accountId, deps.inboxId, arrivedAt, headers);
    stored += headers.length;
    deps.onProgress(stored, todo.length);
  }
  let interrupted = false;
  try {
    for await (const { message, raw } of connection.retrieveAll(toDownload)) {
      batch.push({ uidl: message.uidl, raw });
      batchBytes += raw.length;
      if (batch.length >= BATCH_MESSAGES || batchBytes >= BATCH_BYTES) await flush();
      if (deps.stopped()) {
        interrupted = true;
        break;
      }
    }
    await flush();
  } finally {
    // Whatever arrived whole is kept, also when the connection dropped.
    await flush().catch(() => undefined); // it fails only with the store's failure, which `await storing` throws next
    await storing;
  }
  // Stopped with commands still in flight: the session's answers are out of step, so no deletions now.
  if (interrupted) return { downloaded: stored, deleted: 0 };

  // Deletions go by what is committed in the store, nothing else.
  const committed = deps.uidls.downloaded(deps.accountId);
  let deleted = 0;
  const now = deps.now();
  for (const message of listing) {
    const downloaded = committed.get(message.uidl);
    if (!downloaded || !shouldDelete(downloaded, deps.options, now)) continue;
    await connection.markDeleted(message.number);
    deleted++;
  }
  return { downloaded: stored, deleted };
}

/** Whether the server's copy of a message stored here should go, by the account's options (as Thunderbird decides). */
export function shouldDelete(
  message: { downloadedAt: number; deletedHere: boolean; headersOnly?: boolean },
  options: Pop3Options,
  now: number,
): boolean {
  // Only its headers are here: the server's is the one copy, until the user deletes it here.
  if (message.headersOnly && !message.deletedHere) return false;
  if (!options.leaveOnServer) return true;
  if (options.deleteAfterDays !== null && now - message.downloadedAt >= options.deleteAfterDays * 86_400_000) return true;
  return options.deleteWhenDeletedHere && message.deletedHere;
}

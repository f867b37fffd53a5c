import type { ImapFlow } from 'imapflow';
import type { BodyArena } from '../base/body-arena';
import type { FoldersRepo, SyncState } from '../store/folders-repo';
import type { MessagesRepo, MissingBody } from '../store/messages-repo';
import type { BulkConnection } from './bulk-connection';
import { toSequenceSet } from './folder-sync';

// Downloads raw messages whose headers are stored but bodies are not, newest
// first across the account, so that everything fetched stays readable offline.
// Batches are bounded by count and bytes; urgent work goes first between them.

export interface BodyFetchDeps {
  folders: FoldersRepo;
  messages: MessagesRepo;
  /** Parses and stores a batch of raw messages (in a worker thread when there is one); resolves with how many were stored. */
  storeBodies(bodies: readonly { id: number; raw: Buffer }[]): Promise<number>;
  onStored(folderIds: number[], done: number, remaining: number): void;
  yieldPoint(): Promise<void>;
  /** Only messages dated on or after this (ms since epoch): the per-account "last N days" option. */
  notBefore: number;
  /** Memory shared with the body-store worker for the downloads in flight (base/body-arena.ts); without it each message gets its own. */
  arena?: BodyArena;
}

/**
 * Reads raw messages of one folder by UID: those the server still has. Two
 * kinds: the bulk body connection (bulkConnectionReader), and any imapflow
 * connection (imapflowReader) for a message the user opens.
 */
export type SourceReader = (
  folder: { path: string } & Pick<SyncState, 'uidvalidity'>,
  uids: readonly number[],
  /** Memory to read the messages into (where the reader can choose): see base/body-arena.ts. */
  allocate?: (size: number) => Buffer,
) => Promise<{ uid: number; raw: Buffer }[]>;

// A batch is one pack file and one transaction of the body-store worker:
// 200 rather than 100 made a 20,000-message first sync ~7 % faster (fewer
// commits and index segments), for ~15 MB more memory in flight.
const BATCH_MESSAGES = 200;
const BATCH_BYTES = 8 * 1024 * 1024;
/**
 * Batches handed to the store at once: the body-store worker finds the next
 * one waiting when it is done with one, rather than idling while the main
 * thread hears of it and sends another.
 */
const STORING_AT_ONCE = 2;

export async function fetchMissingBodies(read: SourceReader, accountId: string, deps: BodyFetchDeps): Promise<number> {
  let fetched = 0;
  // While batches are parsed and stored (in worker threads), the next one is
  // already coming over the network; a failed store ends the round (thrown
  // once every batch in flight has settled), and the next round fetches again
  // what it did not store.
  const storing = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const inFlight = new Set<number>();
  // On Gmail, the messages (X-GM-MSGID) on their way, whichever folder's row asked for them.
  const messagesInFlight = new Set<string>();
  let lastFolderId: number | undefined;
  const free = (m: MissingBody) => !inFlight.has(m.id) && (m.gm_msgid === null || !messagesInFlight.has(m.gm_msgid));
  try {
    for (;;) {
      if (failure) break;
      const window = BATCH_MESSAGES * (STORING_AT_ONCE + 2);
      const found = deps.messages.withoutBody(accountId, window, deps.notBefore);
      const newest = found.filter(free);
      if (newest.length === 0) break;
      // The newest message's folder first, or the folder of the batch before while it has some
      // of the newest (a change of folder is an EXAMINE: a round trip). The batch is the newest
      // messages of that folder, asked of the folder itself when the account's newest did not
      // hold a whole batch of them. On Gmail those are spread over INBOX, the labels' folders
      // and All Mail: taking only what they held of one folder made batches of a few messages,
      // each with an EXAMINE, a FETCH, a pack and a transaction of its own (bench/sync-gmail.ts).
      const folderId = newest.some((m) => m.folder_id === lastFolderId) ? (lastFolderId as number) : (newest[0]?.folder_id as number);
      lastFolderId = folderId;
      let todo = newest.filter((m) => m.folder_id === folderId);
      if (todo.length < BATCH_MESSAGES && found.length === window) {
        todo = deps.messages
          .withoutBodyIn(accountId, folderId, BATCH_MESSAGES + inFlight.size + messagesInFlight.size, deps.notBefore)
          .filter(free);
      }
      const batch: { id: number; uid: number; msgid: string | null }[] = [];
      let bytes = 0;
      for (const message of todo) {
        if (batch.length > 0 && (batch.length >= BATCH_MESSAGES || bytes + message.size > BATCH_BYTES)) break;
        batch.push({ id: message.id, uid: message.uid, msgid: message.gm_msgid });
        bytes += message.size;
      }
      const memory = deps.arena?.batch();
      let sources: { id: number; raw: Buffer }[];
      try {
        sources = await fetchSources(read, folderId, batch, deps, memory?.allocate);
      } catch (error) {
        memory?.release();
        throw error;
      }
      if (sources.length === 0) {
        memory?.release();
        // The server no longer has them (expunged meanwhile), or the folder's
        // UIDVALIDITY changed: the next folder sync sets the rows right, and
        // wakes the download again. Stop rather than ask again for the same messages.
        break;
      }
      while (storing.size >= STORING_AT_ONCE) await Promise.race(storing);
      for (const { id, msgid } of batch) {
        inFlight.add(id);
        if (msgid !== null) messagesInFlight.add(msgid);
      }
      const job = deps
        .storeBodies(sources)
        .finally(() => memory?.release())
        .then(
          (stored) => {
            fetched += stored;
            deps.onStored([folderId], fetched, Math.max(0, newest.length - batch.length));
          },
          (error: unknown) => {
            failure ??= { error };
          },
        )
        .finally(() => {
          for (const { id, msgid } of batch) {
            inFlight.delete(id);
            if (msgid !== null) messagesInFlight.delete(msgid);
          }
          storing.delete(job);
        });
      storing.add(job);
      await deps.yieldPoint();
    }
  } finally {
    await Promise.all(storing);
  }
  if (failure) throw failure.error;
  return fetched;
}

/** Fetches and stores the bodies of these messages of one folder; returns how many were stored. */
export async function fetchAndStore(
  read: SourceReader,
  folderId: number,
  batch: readonly { id: number; uid: number }[],
  deps: BodyFetchDeps,
): Promise<number> {
  return deps.storeBodies(await fetchSources(read, folderId, batch, deps));
}

async function fetchSources(
  read: SourceReader,
  folderId: number,
  batch: readonly { id: number; uid: number }[],
  deps: BodyFetchDeps,
  allocate?: (size: number) => Buffer,
): Promise<{ id: number; raw: Buffer }[]> {
  const folder = deps.folders.get(folderId);
  if (!folder || batch.length === 0) return [];
  const idByUid = new Map(batch.map((m) => [m.uid, m.id]));
  const sources: { id: number; raw: Buffer }[] = [];
  for (const { uid, raw } of await read(folder, [...idByUid.keys()], allocate)) {
    const id = idByUid.get(uid);
    if (id !== undefined) sources.push({ id, raw });
  }
  return sources;
}

/** Reads through an imapflow connection (the account's worker connection, for a message the user opens). */
export function imapflowReader(client: ImapFlow): SourceReader {
  return async (folder, uids) => {
    const sources: { uid: number; raw: Buffer }[] = [];
    const lock = await client.getMailboxLock(folder.path);
    try {
      // Collected first, written after: no command may run inside a fetch iteration.
      for await (const message of client.fetch(toSequenceSet(uids), { uid: true, source: true }, { uid: true })) {
        if (message.source) sources.push({ uid: message.uid, raw: message.source });
      }
    } finally {
      lock.release();
    }
    return sources;
  };
}

/**
 * Reads through the bulk body connection. The folder is EXAMINEd (a
 * connection that only downloads must not change what the server reports)
 * once, then kept open; should its UIDVALIDITY differ from the one stored,
 * the stored UIDs name other messages now: nothing is read.
 */
export function bulkConnectionReader(connection: BulkConnection): SourceReader {
  return async (folder, uids, allocate) => {
    const uidValidity = connection.selected?.path === folder.path ? connection.selected.uidValidity : await connection.examine(folder.path);
    if (folder.uidvalidity === null || uidValidity === null || uidValidity !== folder.uidvalidity) return [];
    return connection.fetchBodies(toSequenceSet(uids), allocate);
  };
}

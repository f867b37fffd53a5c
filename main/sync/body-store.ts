import type { Database } from '../store/database';
import { transaction } from '../store/database';
import type { MessagesRepo } from '../store/messages-repo';
import type { SourceRef } from '../store/source-files';
import { toBodyRecord } from './body-record';

/** A downloaded raw message and the row it belongs to. */
export interface FetchedBody {
  id: number;
  raw: Buffer;
}

/**
 * Parses a batch of downloaded messages and stores them (raw file, snippet,
 * index) in one transaction; returns how many were stored (not those stored
 * already or deleted meanwhile). Runs in a
 * body-store worker thread (body-store-worker.ts) or, without one, here.
 */
export async function parseAndStoreBodies(db: Database, messages: MessagesRepo, bodies: readonly FetchedBody[]): Promise<number> {
  const { parsed: records, files } = await parseWhileWriting(
    messages,
    bodies.map((b) => b.raw),
    () => Promise.all(bodies.map(async ({ id, raw }) => ({ id, record: await toBodyRecord(raw) }))),
  );
  // In ascending id order: FTS5 keeps a transaction's new entries in memory
  // only while rowids grow, and writes a segment of its own at every step
  // back. Bodies come newest first, and the newest have the lowest ids
  // (headers are stored newest first too), so the batch's own order made a
  // segment per message: 4.6× the index time (bench/store.ts).
  const order = records.map((_, i) => i).sort((a, b) => (records[a] as { id: number }).id - (records[b] as { id: number }).id);
  return transaction(db, () => {
    let stored = 0;
    for (const i of order) {
      const { id, record } = records[i] as (typeof records)[number];
      if (messages.storeBody(id, record, files[i])) stored++;
    }
    return stored;
  });
}

/**
 * Writes a batch's raw messages (one pack, off this thread) while `parse` runs, and gives
 * both: files first, outside SQLite's write lock, then the caller's one short
 * transaction. Should the parse fail, the batch's files go again.
 */
export async function parseWhileWriting<T>(
  messages: MessagesRepo,
  raws: readonly Uint8Array[],
  parse: () => Promise<T>,
): Promise<{ parsed: T; files: SourceRef[] }> {
  const writing = messages.writeSources(raws);
  let parsed: T;
  try {
    parsed = await parse();
  } catch (error) {
    messages.discardSources(await writing.catch(() => [])); // a failed write removed its own files (source-files.ts); the parse error is the one to throw
    throw error;
  }
  return { parsed, files: await writing };
}

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
 * index) in one transaction (MessagesRepo.storeBodies); returns how many were
 * stored (not those stored already or deleted meanwhile). Runs in a
 * body-store worker thread (body-store-worker.ts) or, without one, here.
 */
export async function parseAndStoreBodies(messages: MessagesRepo, bodies: readonly FetchedBody[]): Promise<number> {
  const { parsed: records, files } = await parseWhileWriting(
    messages,
    bodies.map((b) => b.raw),
    () => Promise.all(bodies.map(async ({ id, raw }) => ({ id, record: await toBodyRecord(raw) }))),
  );
  return messages.storeBodies(records.map(({ id, record }, i) => ({ id, body: record, written: files[i] })));
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

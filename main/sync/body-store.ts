import type { Database } from '../store/database';
import { transaction } from '../store/database';
import type { MessagesRepo } from '../store/messages-repo';
import { toBodyRecord } from './body-record';

/** A downloaded raw message and the row it belongs to. */
export interface FetchedBody {
  id: number;
  raw: Buffer;
}

/**
 * Parses a batch of downloaded messages and stores them (raw bytes, snippet,
 * index) in one transaction; returns how many were stored. Runs in a
 * body-store worker thread (body-store-worker.ts) or, without one, here.
 */
export async function parseAndStoreBodies(db: Database, messages: MessagesRepo, bodies: readonly FetchedBody[]): Promise<number> {
  const records = await Promise.all(bodies.map(async ({ id, raw }) => ({ id, record: await toBodyRecord(raw) })));
  transaction(db, () => {
    for (const { id, record } of records) messages.storeBody(id, record);
  });
  return records.length;
}

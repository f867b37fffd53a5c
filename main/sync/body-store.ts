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
 * Parses a batch of downloaded messages and stores them (raw file, snippet,
 * index) in one transaction; returns how many were stored (not those stored
 * already or deleted meanwhile). Runs in a
 * body-store worker thread (body-store-worker.ts) or, without one, here.
 */
export async function parseAndStoreBodies(db: Database, messages: MessagesRepo, bodies: readonly FetchedBody[]): Promise<number> {
  const records = await Promise.all(bodies.map(async ({ id, raw }) => ({ id, record: await toBodyRecord(raw) })));
  // Files first, outside the write lock; then one short transaction.
  const files = records.map(({ record }) => messages.writeSource(record.raw));
  return transaction(db, () => {
    let stored = 0;
    records.forEach(({ id, record }, i) => {
      if (messages.storeBody(id, record, files[i])) stored++;
    });
    return stored;
  });
}

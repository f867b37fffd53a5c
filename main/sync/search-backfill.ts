import { logger } from '../base/log';
import type { MessagesRepo } from '../store/messages-repo';
import { toBodyRecord } from './body-record';

// Moves a store from before migration 11 into the search index of today
// (store/search-index.ts), in the background, in small steps between the
// body-store worker's batches: first every row gets its key and, without a
// body, its headers' entry (SQL only, quick); then each body the old index
// held is read from its pack and parsed again for its text and attachment
// names (the old index is contentless: its words cannot be read back), and
// the old entry goes. The old table is dropped once empty. Until then a
// search also reads the old index (search-plan.ts) and says it is
// incomplete only while rows lack their keys.

/** Rows given keys per step: a few ms of SQLite each. */
const KEYS_PER_STEP = 2000;
/** Old entries moved per step: each is a read and a parse. */
const BODIES_PER_STEP = 100;

/** One step; false when there is nothing left to do. */
export async function searchBackfillStep(messages: MessagesRepo): Promise<boolean> {
  const index = messages.searchIndex;
  if (index.hasUnkeyed()) {
    index.backfillKeys(KEYS_PER_STEP);
    return true;
  }
  const backlog = index.legacyBacklog(BODIES_PER_STEP);
  if (backlog.length === 0) {
    index.dropLegacyIfEmpty();
    return false;
  }
  const entries = [];
  for (const { contentId, rowId } of backlog) {
    // A pack lost meanwhile puts the message back in the download queue (and out of the old index): source() is undefined.
    const raw = rowId === undefined ? undefined : messages.source(rowId);
    const record = raw ? await toBodyRecord(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)) : undefined;
    entries.push({ contentId, rowId, body: record && { text: record.searchText, files: record.attachmentNames ?? [] } });
  }
  index.reindexLegacy(entries);
  return true;
}

/**
 * Runs the steps one after the other, yielding to the event loop between
 * them (the worker's batches go first); resolves when done. Nothing to do
 * (a store created at version 11 or later) costs two queries.
 */
export async function runSearchBackfill(messages: MessagesRepo): Promise<void> {
  const log = logger('search-backfill');
  let steps = 0;
  const started = performance.now();
  try {
    while (await searchBackfillStep(messages)) {
      steps++;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } catch (error) {
    // The next start tries again; meanwhile search reads the old index as before.
    log.error({ err: error }, 'moving mail into the search index failed');
    return;
  }
  if (steps > 0) log.info({ steps, ms: Math.round(performance.now() - started) }, 'mail from an older version is in the search index');
}

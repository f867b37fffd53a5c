import { dirname, join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { logger, openLog } from '../base/log';
import type { DownloadedBatch } from '../pop3/downloaded-message';
import { openDatabase } from '../store/database';
import { MessagesRepo } from '../store/messages-repo';
import { SourceFiles } from '../store/source-files';
import { type FetchedBody, parseAndStoreBodies } from './body-store';
import type { BodyStoreFiles } from './body-store-pool';
import { storeDownloaded } from './downloaded-store';
import { runSearchBackfill } from './search-backfill';

// A worker thread with a connection of its own to the store: it parses
// downloaded messages and writes them (raw files, snippet, full-text index),
// the two heaviest parts of downloading mail, while the main thread keeps
// talking IMAP. SQLite's WAL lets both connections work; writes take turns.
// It is the only writer of source files, so it also keeps them tidy; and it
// moves a store from before migration 11 into today's search index.

const files = workerData as BodyStoreFiles;
// A log file of its own beside the core's: two writers of one file would rotate it under each other's feet.
openLog({ dir: join(dirname(files.dbFile), 'logs'), name: 'body-store' });
const log = logger('body-store');
const db = openDatabase(files.dbFile);
// This connection only appends: a small page cache is enough, and it counts against the core's memory.
db.exec('PRAGMA cache_size = -4096');
const messages = new MessagesRepo(db, new SourceFiles(files.sourcesDir));

// Before the first batch: nobody else writes sources, so any file without a row is a crash's leftover.
messages.sweepOrphanSources();
messages.collectSourceGarbage();
// Deleted messages' files also go when no mail is arriving.
setInterval(() => messages.collectSourceGarbage(), 60_000).unref();
// A store from before migration 11: its mail moves into the search index of today, between batches.
void runSearchBackfill(messages);

type Request =
  | { id: number; bodies: { id: number; raw: Uint8Array }[] }
  | { id: number; downloaded: Omit<DownloadedBatch, 'messages'> & { messages: { uidl: string; raw: Uint8Array }[] } };

parentPort?.on('message', async (request: Request) => {
  try {
    if ('downloaded' in request) {
      // Whole messages from a POP3 session: rows, bodies and UIDLs (downloaded-store.ts).
      const batch = request.downloaded;
      const stored = await storeDownloaded(messages, {
        ...batch,
        messages: batch.messages.map((m) => ({ uidl: m.uidl, raw: Buffer.from(m.raw.buffer, m.raw.byteOffset, m.raw.byteLength) })),
      });
      parentPort?.postMessage({ id: request.id, ok: true, stored });
      return;
    }
    const bodies: FetchedBody[] = request.bodies.map((b) => ({
      id: b.id,
      raw: Buffer.from(b.raw.buffer, b.raw.byteOffset, b.raw.byteLength),
    }));
    const stored = await parseAndStoreBodies(messages, bodies);
    messages.collectSourceGarbage();
    parentPort?.postMessage({ id: request.id, ok: true, stored });
  } catch (error) {
    // The core hears only the message (and fails the batch); the stack stays here.
    log.error({ err: error }, 'storing a batch failed');
    parentPort?.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});

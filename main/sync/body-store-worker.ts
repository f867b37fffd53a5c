import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../store/database';
import { MessagesRepo } from '../store/messages-repo';
import { type FetchedBody, parseAndStoreBodies } from './body-store';

// A worker thread with a connection of its own to the store: it parses
// downloaded messages and writes them (raw bytes, snippet, full-text index),
// the two heaviest parts of downloading mail, while the main thread keeps
// talking IMAP. SQLite's WAL lets both connections work; writes take turns.

const db = openDatabase((workerData as { dbFile: string }).dbFile);
// This connection only appends: a small page cache is enough, and it counts against the core's memory.
db.exec('PRAGMA cache_size = -4096');
const messages = new MessagesRepo(db);

parentPort?.on('message', async (request: { id: number; bodies: { id: number; raw: Uint8Array }[] }) => {
  try {
    const bodies: FetchedBody[] = request.bodies.map((b) => ({
      id: b.id,
      raw: Buffer.from(b.raw.buffer, b.raw.byteOffset, b.raw.byteLength),
    }));
    const stored = await parseAndStoreBodies(db, messages, bodies);
    parentPort?.postMessage({ id: request.id, ok: true, stored });
  } catch (error) {
    parentPort?.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});

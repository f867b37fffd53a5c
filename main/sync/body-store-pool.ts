import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { logger } from '../base/log';
import type { DownloadedBatch } from '../pop3/downloaded-message';
import type { MessagesRepo } from '../store/messages-repo';
import { type FetchedBody, parseAndStoreBodies } from './body-store';
import { storeDownloaded } from './downloaded-store';
import { runSearchBackfill } from './search-backfill';

// Hands batches of downloaded messages to a worker thread that parses and
// stores them (body-store-worker.ts), so that the IMAP connection on the main
// thread never waits for the parser or for SQLite. One worker: with SQLite
// writes taking turns anyway, more would only contend. Without a worker (it
// could not start, or it died) batches are handled on this thread.
// Whoever stores bodies also owns the source files' housekeeping (see
// store/source-files.ts): the orphan sweep at start, the removal of deleted
// messages' files after each batch.

export interface BodyStoreFiles {
  dbFile: string;
  sourcesDir: string;
}

interface Pending {
  resolve(stored: number): void;
  reject(error: Error): void;
}

export class BodyStorePool {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    files: BodyStoreFiles,
    private readonly messages: MessagesRepo,
  ) {
    const entry = workerEntry();
    if (!entry) {
      messages.sweepOrphanSources();
      messages.collectSourceGarbage();
      void runSearchBackfill(messages);
      return;
    }
    // A profiled core (--cpu-prof) profiles this thread too.
    const profiling = process.execArgv.filter((flag) => flag.startsWith('--cpu-prof'));
    const worker = new Worker(entry.file, { execArgv: [...entry.execArgv, ...profiling], workerData: files });
    worker.unref(); // an idle worker never keeps the process alive
    worker.on('message', (message: { id: number; ok: boolean; stored?: number; message?: string }) => {
      const job = this.pending.get(message.id);
      if (!job) return;
      this.pending.delete(message.id);
      if (message.ok) job.resolve(message.stored ?? 0);
      else job.reject(new Error(message.message ?? 'storing bodies failed'));
    });
    worker.on('error', (error) => {
      logger('sync').error({ err: error }, 'the body-store worker failed; bodies are stored on the main thread from now on');
      this.retire();
    });
    worker.on('exit', () => this.retire());
    this.worker = worker;
  }

  /** Parses and stores a batch; resolves with how many were stored. */
  store(bodies: readonly FetchedBody[]): Promise<number> {
    const worker = this.worker;
    if (!worker) return this.storeHere(bodies);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // The bytes reach the worker without a copy: in memory shared with it
      // (body-arena.ts), or moved where they own their memory (a Buffer
      // sharing its memory with others is copied: moving it would take the
      // others' bytes too). Hundreds of MB pass here during a sync.
      const transfer: ArrayBuffer[] = [];
      const message = bodies.map(({ id, raw }) => {
        if (raw.buffer instanceof SharedArrayBuffer) return { id, raw };
        const owned = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength && raw.buffer instanceof ArrayBuffer;
        const bytes = owned ? raw : new Uint8Array(raw);
        transfer.push(bytes.buffer as ArrayBuffer);
        return { id, raw: bytes };
      });
      worker.postMessage({ id, bodies: message }, transfer);
    });
  }

  /**
   * Parses and stores messages a POP3 session downloaded, with their UIDLs.
   * Each message's bytes are moved to the worker, not copied (a large
   * message is never held twice): the caller must not use them afterwards.
   */
  storeDownloaded(batch: DownloadedBatch): Promise<number> {
    const worker = this.worker;
    const direct = () => storeDownloaded(this.messages, batch);
    if (!worker) return direct();
    const id = this.nextId++;
    // Moving detaches the whole ArrayBuffer: only one that holds this message
    // alone (as the POP3 client allocates them) may go; anything else, such as
    // a slice of Node's shared pool, is copied.
    const movable = batch.messages.map(
      (m) => m.raw.byteOffset === 0 && m.raw.byteLength > 0 && m.raw.buffer.byteLength <= Math.ceil(m.raw.byteLength * 1.34),
    );
    const transfer = batch.messages.flatMap((m, i) => (movable[i] ? [m.raw.buffer as ArrayBuffer] : []));
    return new Promise((resolve, reject) => {
      // If the worker dies, the batch counts as not stored: the next check downloads it again.
      this.pending.set(id, { resolve, reject });
      worker.postMessage(
        {
          id,
          downloaded: {
            ...batch,
            messages: batch.messages.map((m, i) => ({ uidl: m.uidl, raw: movable[i] ? m.raw : new Uint8Array(m.raw) })),
          },
        },
        transfer,
      );
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  /**
   * The worker is gone: later batches are stored on this thread. What it had
   * not answered counts as not stored; those messages are still waiting for
   * their bodies in the store, so the next download round fetches them again.
   */
  private retire(): void {
    this.worker = undefined;
    for (const [id, job] of this.pending) {
      this.pending.delete(id);
      job.resolve(0);
    }
  }

  private async storeHere(bodies: readonly FetchedBody[]): Promise<number> {
    const stored = await parseAndStoreBodies(this.messages, bodies);
    this.messages.collectSourceGarbage();
    return stored;
  }
}

/**
 * Where the worker's code is. Built: out/main/body-store-worker.js (an entry
 * of its own in electron.vite.config.ts), next to or above the chunk this runs
 * in. From source (tests): the .ts file, loaded through tsx.
 */
function workerEntry(): { file: string; execArgv: string[] } | undefined {
  if (import.meta.url.endsWith('.ts')) {
    return { file: fileURLToPath(new URL('./body-store-worker.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
  }
  for (const candidate of ['./body-store-worker.js', '../body-store-worker.js']) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(file)) return { file, execArgv: [] };
  }
  return undefined;
}

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Database } from '../store/database';
import type { MessagesRepo } from '../store/messages-repo';
import { type FetchedBody, parseAndStoreBodies } from './body-store';

// Hands batches of downloaded messages to a worker thread that parses and
// stores them (body-store-worker.ts), so that the IMAP connection on the main
// thread never waits for the parser or for SQLite. One worker: with SQLite
// writes taking turns anyway, more would only contend. Without a worker (it
// could not start, or it died) batches are handled on this thread.

interface Pending {
  bodies: readonly FetchedBody[];
  resolve(stored: number): void;
  reject(error: Error): void;
}

export class BodyStorePool {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    dbFile: string,
    private readonly db: Database,
    private readonly messages: MessagesRepo,
  ) {
    const entry = workerEntry();
    if (!entry) return;
    const worker = new Worker(entry.file, { execArgv: entry.execArgv, workerData: { dbFile } });
    worker.unref(); // an idle worker never keeps the process alive
    worker.on('message', (message: { id: number; ok: boolean; stored?: number; message?: string }) => {
      const job = this.pending.get(message.id);
      if (!job) return;
      this.pending.delete(message.id);
      if (message.ok) job.resolve(message.stored ?? 0);
      else job.reject(new Error(message.message ?? 'storing bodies failed'));
    });
    worker.on('error', () => this.retire());
    worker.on('exit', () => this.retire());
    this.worker = worker;
  }

  /** Parses and stores a batch; resolves with how many were stored. */
  store(bodies: readonly FetchedBody[]): Promise<number> {
    const worker = this.worker;
    if (!worker) return parseAndStoreBodies(this.db, this.messages, bodies);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { bodies, resolve, reject });
      worker.postMessage({ id, bodies: bodies.map((b) => ({ id: b.id, raw: new Uint8Array(b.raw) })) });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  /** The worker is gone: what it had not answered is done here instead (storing is idempotent). */
  private retire(): void {
    this.worker = undefined;
    for (const [id, job] of this.pending) {
      this.pending.delete(id);
      parseAndStoreBodies(this.db, this.messages, job.bodies).then(job.resolve, job.reject);
    }
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

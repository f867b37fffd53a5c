import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BodyRecord } from '../store/messages-repo';
import { toBodyRecord } from './body-record';

// Parses fetched bodies in worker threads (one less than the CPU count, at
// least one), falling back to this thread when no worker can be started.
// The raw bytes stay here for the store; workers get a copy and send back
// only what the parse found.

type Fields = Omit<BodyRecord, 'raw'>;

interface Pending {
  raw: Buffer;
  resolve(record: BodyRecord): void;
  reject(error: Error): void;
}

export class BodyParsePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly load = new Map<Worker, number>();
  private nextId = 1;

  constructor(size = Math.max(1, availableParallelism() - 1)) {
    const entry = workerEntry();
    if (!entry) return;
    for (let i = 0; i < size; i++) {
      const worker = new Worker(entry.file, { execArgv: entry.execArgv });
      worker.unref(); // an idle pool never keeps the process alive
      worker.on('message', (message: { id: number; ok: boolean; fields?: Fields; message?: string }) => {
        const job = this.pending.get(message.id);
        if (!job) return;
        this.pending.delete(message.id);
        this.load.set(worker, (this.load.get(worker) ?? 1) - 1);
        if (message.ok && message.fields) job.resolve({ raw: job.raw, ...message.fields });
        else job.reject(new Error(message.message ?? 'parse failed'));
      });
      worker.on('error', () => this.retire(worker));
      this.workers.push(worker);
      this.load.set(worker, 0);
    }
  }

  parse(raw: Buffer): Promise<BodyRecord> {
    const worker = this.leastBusy();
    if (!worker) return toBodyRecord(raw);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { raw, resolve, reject });
      this.load.set(worker, (this.load.get(worker) ?? 0) + 1);
      worker.postMessage({ id, raw: new Uint8Array(raw) });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.terminate()));
  }

  private leastBusy(): Worker | undefined {
    let best: Worker | undefined;
    for (const worker of this.workers) if (!best || (this.load.get(worker) ?? 0) < (this.load.get(best) ?? 0)) best = worker;
    return best;
  }

  /** A worker that crashed: its jobs are parsed here instead, and it is not used again. */
  private retire(worker: Worker): void {
    const index = this.workers.indexOf(worker);
    if (index >= 0) this.workers.splice(index, 1);
    for (const [id, job] of this.pending) {
      this.pending.delete(id);
      toBodyRecord(job.raw).then(job.resolve, job.reject);
    }
  }
}

/**
 * Where the worker's code is. Built: out/main/body-parse-worker.js (an entry of
 * its own in electron.vite.config.ts), next to or above the chunk this runs
 * in. From source (tests): the .ts file, loaded through tsx.
 */
function workerEntry(): { file: string; execArgv: string[] } | undefined {
  if (import.meta.url.endsWith('.ts')) {
    return { file: fileURLToPath(new URL('./body-parse-worker.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
  }
  for (const candidate of ['./body-parse-worker.js', '../body-parse-worker.js']) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(file)) return { file, execArgv: [] };
  }
  return undefined;
}

import type { Logger } from '../base/log';
import type { UiEvents } from '../base/ui-events';
import type { ThreadsRepo } from '../store/threads-repo';

// Threads the rows of a store upgraded from before conversations (the
// migration adds the schema and leaves every row without a thread): a batch
// at a time, each its own short transaction, yielding between batches so
// that the API and the sync go on meanwhile. bench/conversations.ts: ~50 µs
// a row on a loaded machine, so 100,000 rows take seconds and 1,000,000
// under a minute, in the background rather than in a migration that would
// hold the store (and the window) for that long. Until it is done a folder's
// conversations lack the rows not threaded yet; its folders are re-read
// (store.changed) as it goes. New mail is threaded as it is stored, so the
// backfill runs out and, after an upgrade, never runs again.

/** Rows a batch: ~25 ms of the core's thread on a loaded machine. */
const BATCH = 500;
/** Tell the UI this often while it runs (every so many batches), and when it is done. */
const ANNOUNCE_EVERY = 20;

export interface ThreadBackfillDeps {
  threads: Pick<ThreadsRepo, 'backfill' | 'unthreaded'>;
  events: UiEvents;
  log: Logger;
}

export class ThreadBackfill {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private readonly pending = new Map<string, Set<number>>();
  private done: Promise<void> = Promise.resolve();
  private finish: () => void = () => undefined;
  private rows = 0;
  private batches = 0;
  private started = 0;

  constructor(private readonly deps: ThreadBackfillDeps) {}

  /** Starts when rows wait for a thread (see finished()). */
  start(): void {
    if (this.stopped || !this.deps.threads.unthreaded()) return;
    this.deps.log.info('threading the stored mail (once, after an upgrade)');
    this.started = Date.now();
    this.done = new Promise((resolve) => {
      this.finish = resolve;
    });
    this.timer = setTimeout(() => this.step(), 0);
  }

  /** Resolves when the backfill has finished, or was stopped. */
  finished(): Promise<void> {
    return this.done;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.finish();
  }

  private step(): void {
    this.timer = undefined;
    if (this.stopped) return;
    let threaded: number;
    try {
      const result = this.deps.threads.backfill(BATCH);
      threaded = result.threaded;
      for (const [accountId, folderIds] of result.folders) {
        const known = this.pending.get(accountId) ?? new Set<number>();
        for (const id of folderIds) known.add(id);
        this.pending.set(accountId, known);
      }
    } catch (error) {
      // The store refused (busy past its timeout, or closing): the next start goes on from here.
      this.deps.log.warn({ err: error }, 'threading the stored mail stopped; it goes on at the next start');
      this.announce();
      this.finish();
      return;
    }
    this.rows += threaded;
    this.batches++;
    if (threaded === 0 || this.batches % ANNOUNCE_EVERY === 0) this.announce();
    if (threaded === 0) {
      this.deps.log.info({ rows: this.rows, ms: Date.now() - this.started }, 'threaded the stored mail');
      this.finish();
      return;
    }
    this.timer = setTimeout(() => this.step(), 0);
  }

  private announce(): void {
    for (const [accountId, folderIds] of this.pending) this.deps.events.emit('store.changed', { accountId, folderIds: [...folderIds] });
    this.pending.clear();
  }
}

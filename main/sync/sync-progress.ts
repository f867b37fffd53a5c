import type { Events } from '../../shared/contract';
import type { BodyCounts } from '../store/sync-counts';

// One honest figure per account for the sidebar, from the two connections
// that do the work: the worker's headers (per folder, as folder-sync reports
// them) summed over the pass, then the bodies counted over the whole account.
// And an `idle` when both are done, not only when the worker is: the bodies
// come on their own connection, so "Syncing 3,061 of 3,061" used to stay
// until the next periodic pass (about two minutes) after the last one arrived.

type Progress = Events['sync.progress'];

/**
 * Bodies are counted in the store at most this often while they arrive, and
 * never more than 1 % of the time (counting a million missing bodies takes a
 * few hundred ms): in between, the figure moves by what each batch stored.
 */
const COUNT_EVERY_MS = 500;
const COUNT_SHARE = 100;

export interface SyncProgressDeps {
  accountId: string;
  emit(progress: Progress): void;
  /** The account's stored messages and missing bodies (main/store/sync-counts.ts); without it, bodies report no figure. */
  counts?(): BodyCounts;
  /** Both connections are done: the account is in step with its server (the status says since when). */
  upToDate?(): void;
  now?(): number;
}

export class SyncProgress {
  private worker: 'folders' | 'headers' | 'idle' = 'idle';
  /** Headers stored by folders of this pass that are done with (folder-sync counts per folder). */
  private headersBefore = 0;
  private current: { folderId: number; done: number; total: number } | undefined;
  private bodiesRunning = false;
  /** The last count, less what was stored since. */
  private known: BodyCounts | undefined;
  private nextCountAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: SyncProgressDeps) {}

  /** The worker reads the folder list: a pass (or a periodic check) begins. */
  folders(): void {
    if (this.worker === 'idle') {
      this.headersBefore = 0;
      this.current = undefined;
    }
    this.worker = 'folders';
    this.send(null, 'folders', 0, 0);
  }

  /** A batch of headers of one folder is stored: `done` of `total` of that folder's (folder-sync's onBatch). */
  headers(folderId: number, done: number, total: number): void {
    const current = this.current;
    // Another folder, or the same one resumed after a pause (its count starts again): what was done stays done.
    if (current && (current.folderId !== folderId || done < current.done)) this.headersBefore += current.done;
    this.current = { folderId, done, total };
    this.worker = 'headers';
    this.send(folderId, 'headers', this.headersBefore + done, this.headersBefore + total);
  }

  /** The worker is done with its pass and waits: the bodies' figure, or idle when they are done too. */
  workerIdle(): void {
    this.worker = 'idle';
    this.headersBefore = 0;
    this.current = undefined;
    // Counted afresh (a pass ends every few minutes at most): a download that failed and then found
    // nothing left to do (the messages went meanwhile) would otherwise keep its last figure for good.
    if (this.bodiesRunning) this.bodies(null, true);
    if (this.bodiesRunning && this.known?.missing !== 0) return;
    this.bodiesRunning = false;
    this.idle();
  }

  /** The worker's connection failed: the account's status says so; a new pass counts afresh. */
  connectionLost(): void {
    this.worker = 'idle';
    this.headersBefore = 0;
    this.current = undefined;
    this.send(null, 'idle', 0, 0);
  }

  /** A batch of `stored` bodies was stored. The figure is the account's (not the download round's window). */
  bodiesStored(folderId: number | null, stored: number): void {
    this.bodiesRunning = true;
    if (this.known) this.known = { total: this.known.total, missing: Math.max(0, this.known.missing - stored) };
    this.bodies(folderId, false);
  }

  /** The body download has nothing left: the last figure, then idle if the worker waits too. */
  bodiesDone(): void {
    if (!this.bodiesRunning) return;
    this.bodiesRunning = false;
    if (this.worker !== 'idle') return;
    this.bodies(null, true);
    this.idle();
  }

  private idle(): void {
    this.send(null, 'idle', 0, 0);
    this.deps.upToDate?.();
  }

  private bodies(folderId: number | null, recount: boolean): void {
    // Headers first: while the worker reads them, theirs is the figure shown.
    if (this.worker !== 'idle' || !this.deps.counts) return;
    const now = this.deps.now ?? Date.now;
    const started = now();
    if (recount || !this.known || started >= this.nextCountAt) {
      this.known = this.deps.counts();
      this.nextCountAt = started + Math.max(COUNT_EVERY_MS, (now() - started) * COUNT_SHARE);
    }
    const { total, missing } = this.known;
    if (total === 0) return;
    this.send(folderId, 'bodies', total - missing, total);
  }

  private send(folderId: number | null, phase: Progress['phase'], done: number, total: number): void {
    this.deps.emit({ accountId: this.deps.accountId, folderId, phase, done, total });
  }
}

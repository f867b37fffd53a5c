import { describe, expect, it } from 'vitest';
import { SyncProgress } from '../../../main/sync/sync-progress';
import type { Events } from '../../../shared/contract';

type Progress = Events['sync.progress'];

function reporter(counts = { total: 0, missing: 0 }, countMs = 0) {
  const events: Progress[] = [];
  let now = 0;
  let countings = 0;
  const progress = new SyncProgress({
    accountId: 'a',
    emit: (event) => events.push(event),
    counts: () => {
      countings++;
      now += countMs;
      return { ...counts };
    },
    now: () => now,
  });
  return {
    progress,
    events,
    counts,
    tick(ms: number) {
      now += ms;
    },
    figures: () => events.map((e) => `${e.phase} ${e.done}/${e.total}`),
    countings: () => countings,
  };
}

describe('the overall sync figure', () => {
  it('sums headers over the folders of a pass, then counts bodies over the account, then says idle when both are done', () => {
    const r = reporter({ total: 80, missing: 50 });
    r.progress.folders();
    r.progress.headers(1, 50, 60);
    r.progress.headers(1, 60, 60);
    r.progress.headers(2, 20, 20);
    // Bodies arriving while headers are read: the headers' figure stays.
    r.progress.bodiesStored(1, 200);
    r.progress.workerIdle();
    r.counts.missing = 0;
    r.tick(1000);
    r.progress.bodiesStored(2, 30);
    r.progress.bodiesDone();
    expect(r.figures()).toEqual([
      'folders 0/0',
      'headers 50/60',
      'headers 60/60',
      'headers 80/80',
      'bodies 30/80',
      'bodies 80/80',
      'bodies 80/80',
      'idle 0/0',
    ]);
  });

  it('ends with idle when the bodies finish after the worker, and at once when there were none', () => {
    const r = reporter({ total: 10, missing: 0 });
    r.progress.folders();
    r.progress.workerIdle();
    expect(r.events.at(-1)?.phase).toBe('idle');
    r.progress.bodiesStored(1, 10);
    r.progress.bodiesDone();
    expect(r.events.at(-1)?.phase).toBe('idle');
  });

  it('is idle at the end of a pass when nothing is missing any more, whatever became of the download', () => {
    const r = reporter({ total: 10, missing: 4 });
    r.progress.bodiesStored(1, 6);
    r.progress.workerIdle();
    expect(r.figures().at(-1)).toBe('bodies 6/10');
    r.counts.missing = 0; // the download failed; the messages it lacked were deleted meanwhile
    r.progress.folders();
    r.progress.workerIdle();
    expect(r.figures().slice(-2)).toEqual(['bodies 10/10', 'idle 0/0']);
  });

  it('keeps what a paused folder had done when its count starts again, and starts afresh after a lost connection', () => {
    const r = reporter();
    r.progress.folders();
    r.progress.headers(1, 500, 3000);
    r.progress.headers(1, 50, 2500); // resumed: only what was not stored yet
    expect(r.figures().at(-1)).toBe('headers 550/3000');
    r.progress.connectionLost();
    expect(r.figures().at(-1)).toBe('idle 0/0');
    r.progress.folders();
    r.progress.headers(1, 10, 2450);
    expect(r.figures().at(-1)).toBe('headers 10/2450');
  });

  it('counts bodies in the store at most twice a second, moving the figure by what each batch stored in between', () => {
    const r = reporter({ total: 100, missing: 90 });
    r.progress.bodiesStored(1, 10);
    r.progress.bodiesStored(1, 20);
    r.counts.missing = 55; // 35 more stored meanwhile, and headers of 0 more messages
    r.tick(600);
    r.progress.bodiesStored(1, 5);
    expect(r.figures()).toEqual(['bodies 10/100', 'bodies 30/100', 'bodies 45/100']);
    expect(r.countings()).toBe(2);
  });

  it('spends at most 1 % of the time counting when counting is slow (a million missing bodies)', () => {
    const r = reporter({ total: 1_000_000, missing: 1_000_000 }, 250);
    const batches = (n: number) => {
      for (let i = 0; i < n; i++) {
        r.progress.bodiesStored(1, 200);
        r.tick(100);
      }
    };
    // A count of 250 ms, then none for 25 s: the figure moves by each batch meanwhile.
    batches(100);
    expect(r.countings()).toBe(1);
    expect(r.figures().at(-1)).toBe('bodies 19800/1000000');
    batches(200);
    expect(r.countings()).toBe(2);
  });
});

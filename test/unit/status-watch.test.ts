import { describe, expect, it } from 'vitest';
import { StatusRounds, statusChanged, type WatchedFolder } from '../../main/sync/status-watch';

const folder = (change: Partial<WatchedFolder> = {}): WatchedFolder => ({
  id: 1,
  path: 'Projects',
  uidnext: 10,
  highestmodseq: 500,
  total: 9,
  ...change,
});

describe('watching folders with STATUS', () => {
  it('sees new mail by UIDNEXT, any change by HIGHESTMODSEQ, and an expunge by the count without CONDSTORE', () => {
    expect(statusChanged(folder(), { uidNext: 10, messages: 9, highestModseq: 500n })).toBe(false);
    expect(statusChanged(folder(), { uidNext: 11, messages: 10, highestModseq: 501n })).toBe(true);
    // A flag changed elsewhere: same UIDNEXT, a newer modseq.
    expect(statusChanged(folder(), { uidNext: 10, messages: 9, highestModseq: 507n })).toBe(true);
    // With CONDSTORE the count is not compared (the store may list a message the server already expunged, until the sync).
    expect(statusChanged(folder(), { uidNext: 10, messages: 8, highestModseq: 500n })).toBe(false);
    // Without it, an expunge shows as a smaller count.
    expect(statusChanged(folder({ highestmodseq: null }), { uidNext: 10, messages: 8 })).toBe(true);
    expect(statusChanged(folder({ highestmodseq: null }), { uidNext: 10, messages: 9 })).toBe(false);
    // Never synced: the full pass does it.
    expect(statusChanged(folder({ uidnext: null }), { uidNext: 99 })).toBe(false);
  });

  it('asks about every folder when they fit the budget, else takes turns so each is asked within a few rounds', () => {
    const rounds = new StatusRounds();
    expect(rounds.next([1, 2, 3], 5)).toEqual([1, 2, 3]);
    const many = Array.from({ length: 7 }, (_, i) => i);
    expect(rounds.next(many, 3)).toEqual([0, 1, 2]);
    expect(rounds.next(many, 3)).toEqual([3, 4, 5]);
    expect(rounds.next(many, 3)).toEqual([6, 0, 1]);
  });
});

import { describe, expect, it } from 'vitest';
import { BodyArena } from '../../main/base/body-arena';

// Memory shared with the body-store worker for downloads in flight
// (base/body-arena.ts): batches fill slabs, never each other's bytes, and
// give them back; whatever does not fit gets memory of its own.

describe('BodyArena', () => {
  it('packs a batch into its slabs, apart from other batches, and takes them back on release', () => {
    const arena = new BodyArena(1000, 3);
    const first = arena.batch();
    const a = first.allocate(600);
    const b = first.allocate(300); // still room in the first slab
    const c = first.allocate(200); // the next slab
    expect(arena.freeSlabs).toBe(1);
    for (const [view, fill] of [
      [a, 1],
      [b, 2],
      [c, 3],
    ] as const)
      view.fill(fill);
    const second = arena.batch();
    const d = second.allocate(1000);
    d.fill(4);
    // Every view is shared memory, and none wrote over another.
    for (const view of [a, b, c, d]) expect(view.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([a[599], b[0], b[299], c[0], d[999]]).toEqual([1, 2, 2, 3, 4]);

    // Every slab is taken: the next message gets memory of its own, as does one larger than a slab.
    const own = arena.batch().allocate(10);
    expect(own.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect(arena.batch().allocate(5000).length).toBe(5000);

    first.release();
    first.release(); // twice changes nothing
    expect(arena.freeSlabs).toBe(2);
    const third = arena.batch();
    expect(third.allocate(800).buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(d[0]).toBe(4); // the batch still in flight keeps its bytes
    second.release();
    third.release();
    expect(arena.freeSlabs).toBe(3);
  });

  it('a released batch hands out no more shared memory', () => {
    const arena = new BodyArena(1000, 1);
    const batch = arena.batch();
    batch.release();
    expect(batch.allocate(10).buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect(arena.freeSlabs).toBe(1);
  });
});

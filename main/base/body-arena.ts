// Memory for downloaded messages on their way to the body-store worker,
// shared with it and reused: a first sync moves hundreds of MB from the IMAP
// socket to the worker, and a fresh buffer per message made V8 collect its
// whole heap on both threads about every 10 MB ("external memory" pressure;
// 140 full collections, ~3 s of CPU, for 20,000 messages in bench:sync).
//
// The memory is a few fixed slabs of one SharedArrayBuffer. A batch of
// downloads takes slabs as it fills them, its messages one after the other,
// and gives them back once the worker has stored it; the bytes are never
// copied on the way (the worker reads them in place). A message larger than
// a slab, or one arriving when every slab is taken, gets a buffer of its own,
// as before: nothing waits for memory.

const SLAB_BYTES = 4 * 1024 * 1024;
/**
 * Three batches are in flight at most (one downloading, two with the
 * body-store worker), each up to ~8 MB (imap/body-fetch.ts): room for them
 * most of the time; a message that finds none gets memory of its own.
 */
const SLABS = 6;

export class BodyArena {
  private readonly memory: SharedArrayBuffer;
  private readonly free: number[];

  constructor(
    readonly slabBytes = SLAB_BYTES,
    slabs = SLABS,
  ) {
    this.memory = new SharedArrayBuffer(slabBytes * slabs);
    this.free = Array.from({ length: slabs }, (_, i) => i);
  }

  /** Memory for one batch; release it when the batch is stored or given up. */
  batch(): ArenaBatch {
    return new ArenaBatch(this);
  }

  /** @internal A free slab's index, or undefined when all are taken. */
  takeSlab(): number | undefined {
    return this.free.pop();
  }

  /** @internal */
  giveBack(slabs: readonly number[]): void {
    this.free.push(...slabs);
  }

  /** @internal A view of `length` bytes of slab `slab` from `offset`. */
  view(slab: number, offset: number, length: number): Buffer {
    return Buffer.from(this.memory, slab * this.slabBytes + offset, length);
  }

  /** How many slabs are free (for tests). */
  get freeSlabs(): number {
    return this.free.length;
  }
}

export class ArenaBatch {
  private readonly slabs: number[] = [];
  private used = 0;
  private released = false;

  constructor(private readonly arena: BodyArena) {}

  /** `size` bytes for one message, from the batch's slabs when they have room. */
  readonly allocate = (size: number): Buffer => {
    const { arena } = this;
    if (this.released || size > arena.slabBytes) return Buffer.allocUnsafeSlow(size);
    let slab = this.slabs.at(-1);
    if (slab === undefined || this.used + size > arena.slabBytes) {
      slab = arena.takeSlab();
      if (slab === undefined) return Buffer.allocUnsafeSlow(size);
      this.slabs.push(slab);
      this.used = 0;
    }
    const view = arena.view(slab, this.used, size);
    this.used += size;
    return view;
  };

  /** The batch's messages are stored (or dropped): its slabs may be reused. Its views must not be read after this. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.arena.giveBack(this.slabs.splice(0));
  }
}

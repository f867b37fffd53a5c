import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';

// Raw messages live in files beside the database, not in SQLite: as blobs
// they were written twice (WAL, then the checkpoint, with fsyncs).
//
// A batch of messages downloaded together goes into one file, a "pack": the
// messages one after the other, each row naming its pack, offset and length.
// Creating a file is what costs here, not its bytes: on this VM's ext4 one
// file per message took 3-4.5 s of kernel time for 20,000 messages whatever
// their size (100 bytes or 33 KB each), the same 670 MB in 200 packs 0.4-1 s.
// (Older stores have one file per message, rows without an offset: they are
// read whole.)
//
// A pack is written whole before the transaction that stores its name in the
// rows (file I/O under SQLite's write lock would stall every other writer),
// so a row never names a pack still being written: a pack torn by a crash
// has no row, and is an orphan, removed by sweepOrphans() at start. Packs are
// never changed once written, and names are never reused (random part).
// Deleting a row queues its pack's name (a trigger fills source_garbage);
// the garbage collector removes a pack no row names any more, and rewrites
// one that is mostly dead bytes (see source-packs.ts).

/** Where a message's raw bytes are: a whole file (offset null: older stores), or a slice of a pack. */
export interface SourceRef {
  file: string;
  offset: number | null;
  length: number | null;
}

/** What newName() gives: "ab/0123456789abcdef.pack"; older versions' ".eml" files and their ".eml.tmp" leftovers. */
const SOURCE_NAME = /^[0-9a-f]{2}\/[0-9a-f]{16}\.(pack|eml|eml\.tmp)$/;

/** Buffers per writev call: Linux's IOV_MAX. */
const IOV_MAX = 1024;

export class SourceFiles {
  private readonly madeDirs = new Set<string>();

  constructor(readonly dir: string) {}

  /**
   * A fresh, random name: packs are written before their messages' rows are
   * (outside the database's write lock), so the name cannot depend on a row.
   * 256 buckets keep directories small.
   */
  newName(): string {
    return `${randomBytes(1).toString('hex')}/${randomBytes(8).toString('hex')}.pack`;
  }

  /** Writes `raws` as one new pack (never over an existing file); returns where each one is. */
  writePackSync(raws: readonly Uint8Array[]): SourceRef[] {
    const file = this.newName();
    writeFileSync(this.bucketed(file), raws.length === 1 ? (raws[0] as Uint8Array) : Buffer.concat(raws), { flag: 'wx', mode: 0o600 });
    return refsOf(file, raws);
  }

  /**
   * The same, on libuv's thread pool: the kernel's part of writing (most of
   * it, on a virtual machine) runs beside the caller's parsing. The buffers go
   * out as they are (writev), not copied into one.
   */
  async writePack(raws: readonly Uint8Array[]): Promise<SourceRef[]> {
    const file = this.newName();
    const handle = await open(this.bucketed(file), 'wx', 0o600); // mail is the user's alone (core/data-dir.ts)
    try {
      let position = 0;
      for (let start = 0; start < raws.length; start += IOV_MAX) {
        const chunk = raws.slice(start, start + IOV_MAX);
        const size = chunk.reduce((sum, raw) => sum + raw.byteLength, 0);
        const { bytesWritten } = await handle.writev(chunk as Uint8Array[], position);
        // A regular file takes everything at once unless the disk is full; finish a short write plainly.
        if (bytesWritten < size)
          await handle.write(Buffer.concat(chunk).subarray(bytesWritten), 0, size - bytesWritten, position + bytesWritten);
        position += size;
      }
    } catch (error) {
      await handle.close().catch(() => undefined); // the write's error is the one that matters, and the file goes anyway
      this.remove(file);
      throw error;
    }
    await handle.close();
    return refsOf(file, raws);
  }

  /** The path of `name`, its bucket directory made. */
  private bucketed(name: string): string {
    const file = this.pathOf(name);
    const bucket = dirname(file);
    if (!this.madeDirs.has(bucket)) {
      mkdirSync(bucket, { recursive: true, mode: 0o700 });
      this.madeDirs.add(bucket);
    }
    return file;
  }

  /**
   * The bytes `ref` points at; undefined when the file is gone or shorter than
   * the row says (e.g. lost to a power cut before it reached the disk).
   */
  read(ref: SourceRef): Buffer | undefined {
    try {
      if (ref.offset === null || ref.length === null) return readFileSync(this.pathOf(ref.file));
      const fd = openSync(this.pathOf(ref.file), 'r');
      try {
        const bytes = Buffer.allocUnsafe(ref.length);
        let done = 0;
        while (done < ref.length) {
          const n = readSync(fd, bytes, done, ref.length - done, ref.offset + done);
          if (n === 0) return undefined; // truncated
          done += n;
        }
        return bytes;
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** The size of a file in bytes; undefined when it is gone. */
  size(name: string): number | undefined {
    return this.stat(name)?.size;
  }

  /** When a file was last written (ms since epoch); undefined when it is gone. */
  modifiedAt(name: string): number | undefined {
    return this.stat(name)?.mtimeMs;
  }

  private stat(name: string): { size: number; mtimeMs: number } | undefined {
    try {
      return statSync(this.pathOf(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  remove(name: string): void {
    try {
      unlinkSync(this.pathOf(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  /** Every source file present, leftovers of older versions included (anything else there is not ours to touch). */
  list(): string[] {
    let buckets: string[];
    try {
      buckets = readdirSync(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return buckets
      .filter((bucket) => /^[0-9a-f]{2}$/.test(bucket))
      .flatMap((bucket) => readdirSync(join(this.dir, bucket)).map((file) => `${bucket}/${file}`))
      .filter((name) => SOURCE_NAME.test(name));
  }

  private pathOf(name: string): string {
    // Names come from newName() through our own database; refuse anything else rather than touch a path outside dir.
    // (".eml": one message a file, written by older versions; ".eml.tmp": their leftovers, which the sweep removes.)
    if (!SOURCE_NAME.test(name)) throw new Error(`not a source file name: ${name}`);
    return join(this.dir, name);
  }
}

function refsOf(file: string, raws: readonly Uint8Array[]): SourceRef[] {
  let offset = 0;
  return raws.map((raw) => {
    const ref = { file, offset, length: raw.byteLength };
    offset += raw.byteLength;
    return ref;
  });
}

import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

// Raw messages live in files beside the database, one file per message, not
// in SQLite. Measured on the bench corpus (bench/, 108 MB): as blobs they cost
// 0.9 s to write (WAL, then the checkpoint writes them again, with fsyncs),
// as files 0.23 s; reading one is a single read either way.
//
// A file is written whole before the transaction that stores its name in the
// message's row (file I/O under SQLite's write lock would stall every other
// writer, the main thread included), so a row never names a file that is
// still being written: a file torn by a crash has no row, and is an orphan.
// (It is written under its final name: a temporary name and a rename made
// no file safer without an fsync, and renames cost 0.7 ms each on the ext4
// here, 4x the write.) Names are never reused (random part), so deleting the
// file of a removed message can never hit a newer one: a trigger queues the
// name of every deleted row's file (source_garbage), and collectGarbage()
// removes them. A crash between writing a file and committing its row leaves
// an orphan, removed by sweepOrphans() at start.

export class SourceFiles {
  private readonly madeDirs = new Set<string>();

  constructor(readonly dir: string) {}

  /**
   * A fresh, random name: files are written before their message's row is
   * (outside the database's write lock), so the name cannot depend on the
   * row. 256 buckets keep directories small.
   */
  newName(): string {
    return `${randomBytes(1).toString('hex')}/${randomBytes(8).toString('hex')}.eml`;
  }

  /** Writes `raw` as a new file `name` (never over an existing one). */
  write(name: string, raw: Uint8Array): void {
    writeFileSync(this.bucketed(name), raw, { flag: 'wx' });
  }

  /**
   * The same, on libuv's thread pool: the kernel's part of writing (most of
   * it, on a virtual machine) runs beside the caller's parsing.
   */
  writeAsync(name: string, raw: Uint8Array): Promise<void> {
    return writeFile(this.bucketed(name), raw, { flag: 'wx' });
  }

  /** The path of `name`, its bucket directory made. */
  private bucketed(name: string): string {
    const file = this.pathOf(name);
    const bucket = dirname(file);
    if (!this.madeDirs.has(bucket)) {
      mkdirSync(bucket, { recursive: true });
      this.madeDirs.add(bucket);
    }
    return file;
  }

  /** The bytes of `name`; undefined when the file is gone (e.g. lost to a power cut before it reached the disk). */
  read(name: string): Buffer | undefined {
    try {
      return readFileSync(this.pathOf(name));
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

  /** Every file name present, temporary ones included. */
  list(): string[] {
    let buckets: string[];
    try {
      buckets = readdirSync(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return buckets.flatMap((bucket) => readdirSync(join(this.dir, bucket)).map((file) => `${bucket}/${file}`));
  }

  private pathOf(name: string): string {
    // Names come from newName() through our own database; refuse anything else rather than touch a path outside dir.
    // (".tmp": left by versions that wrote through a temporary name; the sweep removes them.)
    if (!/^[0-9a-f]{2}\/[0-9a-f]{16}\.eml(\.tmp)?$/.test(name)) throw new Error(`not a source file name: ${name}`);
    return join(this.dir, name);
  }
}

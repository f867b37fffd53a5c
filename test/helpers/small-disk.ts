import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A disk of the test's own that can be made full at a chosen moment: a small
// tmpfs (mounting needs root; elsewhere `mounted` is false and `whyNot` says
// why), filled to the last byte by a file of zeros, and freed by removing it.

export interface SmallDisk {
  /** Where the tmpfs is mounted (a data dir goes below it). */
  readonly path: string;
  /** Takes every free byte; returns how many that was. */
  fill(): number;
  /** Gives the bytes fill() took back. */
  free(): void;
  /** Unmounts and removes the mount point. */
  dispose(): Promise<void>;
}

export type SmallDiskResult = { mounted: true; disk: SmallDisk } | { mounted: false; whyNot: string };

export async function mountSmallDisk(size: string): Promise<SmallDiskResult> {
  const path = await mkdtemp(join(tmpdir(), 'tidings-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', path], { stdio: 'pipe' });
  } catch (error) {
    await rm(path, { recursive: true, force: true });
    return { mounted: false, whyNot: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error) };
  }
  const filler = join(path, 'filler');
  return {
    mounted: true,
    disk: {
      path,
      fill() {
        const fd = openSync(filler, 'a');
        let written = 0;
        try {
          // Large blocks, then smaller ones down to a byte: a tmpfs takes up to the page that fits.
          for (let block = 1 << 20; block >= 1; block >>= 4) {
            const zeros = Buffer.alloc(block);
            for (;;) {
              try {
                written += writeSync(fd, zeros);
              } catch (error) {
                if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
                throw error;
              }
            }
          }
        } finally {
          closeSync(fd);
        }
        return written;
      },
      free() {
        rmSync(filler, { force: true });
      },
      async dispose() {
        execFileSync('umount', ['-l', path]);
        await rm(path, { recursive: true, force: true });
      },
    },
  };
}

import { chmodSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';

// The log file: pino's own destination (sonic-boom) in synchronous mode, so a
// line is on disk when the call returns (a crash loses nothing) and no worker
// thread is involved (pino's transports load theirs by file path, which a
// bundled Electron app does not have). Rotated here: when the file reaches
// maxBytes (also when it is already that big at start), name.log becomes
// name.log.1, .1 becomes .2, ... and the oldest beyond `keep` is deleted.
// The folder is 0700 and the files 0600: a log says which servers and
// folders a user has, which is nobody else's business.
// A write that fails (a full disk, a removed folder) pauses the file for a
// while instead of giving it up: lines meanwhile are dropped and counted,
// then the file is opened again and says how many were lost — so the log
// comes back by itself once space is freed, without a restart.

export interface RotatingFileOptions {
  dir: string;
  /** The file's name without ".log". */
  name: string;
  maxBytes: number;
  /** How many old files to keep beside the current one. */
  keep: number;
  /** After a failed write, how long lines are dropped before the file is tried again (ms). */
  retryMs?: number;
}

const RETRY_MS = 30_000;

export class RotatingFile {
  readonly path: string;
  private readonly destination: ReturnType<typeof pino.destination>;
  private bytes: number;
  private closed = false;
  /** While a failed write's pause lasts (Date.now() below it), lines are dropped and counted. */
  private pausedUntil = 0;
  private dropped = 0;

  constructor(private readonly options: RotatingFileOptions) {
    this.path = join(options.dir, `${options.name}.log`);
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    chmodSync(options.dir, 0o700);
    this.bytes = sizeOf(this.path);
    if (this.bytes >= options.maxBytes) this.shift();
    this.destination = pino.destination({ dest: this.path, sync: true, append: true, mode: 0o600 });
    this.destination.on('error', (error: Error) => this.failed(error));
    // A file left by an older version, or copied in, may have looser rights.
    chmodSync(this.path, 0o600);
    this.bytes = sizeOf(this.path);
  }

  write(line: string): boolean {
    if (this.closed) return true;
    if (this.pausedUntil > 0) {
      if (Date.now() < this.pausedUntil) {
        this.dropped++;
        return true;
      }
      this.resume();
      if (this.pausedUntil > 0) return true; // failed again at once
    }
    this.destination.write(line);
    this.bytes += Buffer.byteLength(line);
    if (this.bytes >= this.options.maxBytes) this.rotate();
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.destination.end();
  }

  private rotate(): void {
    try {
      this.shift();
    } catch (error) {
      // Renaming failed (another program holds the file, say): keep writing
      // where we are; the next line over the limit tries again.
      process.stderr.write(`tidings: could not rotate ${this.path}: ${(error as Error).message}\n`);
    }
    this.destination.reopen();
    this.bytes = sizeOf(this.path);
  }

  /** name.log.(keep-1) → name.log.keep, ..., name.log → name.log.1; the oldest is deleted. */
  private shift(): void {
    const { keep } = this.options;
    rmSync(keep > 0 ? `${this.path}.${keep}` : this.path, { force: true });
    for (let n = keep - 1; n >= 1; n--) renameIfThere(`${this.path}.${n}`, `${this.path}.${n + 1}`);
    if (keep > 0) renameIfThere(this.path, `${this.path}.1`);
  }

  private failed(error: Error): void {
    // Logging must never take the app down: say so on stderr and pause.
    if (this.closed) return;
    if (this.pausedUntil === 0) {
      process.stderr.write(`tidings: could not write ${this.path} (${error.message}); trying again later\n`);
    }
    this.pausedUntil = Date.now() + (this.options.retryMs ?? RETRY_MS);
  }

  /** Opens the file again after a pause (the old descriptor may be gone too), and says what was lost meanwhile. */
  private resume(): void {
    this.pausedUntil = 0;
    const dropped = this.dropped;
    this.dropped = 0;
    try {
      this.destination.reopen();
    } catch (error) {
      this.failed(error as Error);
      return;
    }
    if (dropped === 0 || this.pausedUntil > 0) return;
    const note = { level: 40, time: Date.now(), msg: `${dropped} log line(s) dropped: the log file could not be written` };
    this.destination.write(`${JSON.stringify(note)}\n`);
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // not there yet
  }
}

function renameIfThere(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

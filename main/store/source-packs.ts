import { type Database, sql, transaction } from './database';
import type { SourceFiles, SourceRef } from './source-files';

// The life of the packs that hold raw messages (source-files.ts): written
// before the transaction that names them in the rows, queued as garbage when
// no row may name them any more, then removed or rewritten with only their
// live messages; and, at start, the sweep of packs a crash left without rows.
// Reads and moves the rows' source columns (source_file, source_offset,
// source_length) and the source_garbage queue; the rows themselves are
// messages-repo.ts's.

/** Where a message's raw bytes are, as its row says. */
export interface SourceLocation {
  body_state: number;
  source_file: string | null;
  source_offset: number | null;
  source_length: number | null;
}

export class SourcePacks {
  constructor(
    private readonly db: Database,
    private readonly files: SourceFiles,
  ) {}

  /** Writes one raw message as a pack of its own, on this thread. */
  writeOne(raw: Uint8Array): SourceRef {
    return this.files.writePackSync([raw])[0] as SourceRef;
  }

  /**
   * Writes a batch as one pack, off this thread; start it before parsing the
   * batch, so that both go on at once. On a failure no file of the batch is left.
   */
  write(raws: readonly Uint8Array[]): Promise<SourceRef[]> {
    return raws.length === 0 ? Promise.resolve([]) : this.files.writePack(raws);
  }

  /** Packs written whose messages will not be stored after all (no row names them yet): removed now. */
  discard(refs: readonly SourceRef[]): void {
    for (const file of new Set(refs.map((ref) => ref.file))) this.files.remove(file);
  }

  /** A pack that may hold bytes no row will name: left for the garbage collector. */
  queueGarbage(file: string): void {
    sql(this.db, 'INSERT OR IGNORE INTO source_garbage (file) VALUES (?)').run(file);
  }

  /** Where a message's source is, as its row says; undefined when the row is gone. */
  locate(id: number): SourceLocation | undefined {
    return sql(this.db, 'SELECT body_state, source_file, source_offset, source_length FROM messages WHERE id = ?').get(id) as
      | SourceLocation
      | undefined;
  }

  /** The bytes a row points at; undefined when the file is gone or cut short. */
  read(location: SourceLocation & { source_file: string }): Buffer | undefined {
    return this.files.read({ file: location.source_file, offset: location.source_offset, length: location.source_length });
  }

  /** A source stored in the database, before sources moved to files (migration 4). */
  legacy(id: number): Uint8Array | undefined {
    const row = sql(this.db, 'SELECT raw FROM message_sources WHERE message_id = ?').get(id) as { raw: Uint8Array } | undefined;
    return row?.raw;
  }

  /**
   * Tidies the packs of deleted messages (queued by a trigger): a pack no row
   * names any more is removed; one whose live messages fill less than half of
   * it is rewritten with only those, and then removed. Returns how many files
   * went. Only one connection may do this at a time (the body-store worker).
   */
  collectGarbage(limit = 1000): number {
    const rows = sql(this.db, 'SELECT file FROM source_garbage LIMIT ?').all(limit) as { file: string }[];
    const done = sql(this.db, 'DELETE FROM source_garbage WHERE file = ?');
    let removed = 0;
    for (const { file } of rows) {
      const live = sql(this.db, 'SELECT id, source_offset, source_length FROM messages WHERE source_file = ?').all(file) as {
        id: number;
        source_offset: number | null;
        source_length: number | null;
      }[];
      if (live.length === 0) {
        this.files.remove(file);
        removed++;
      } else if (live.every((m) => m.source_offset !== null && m.source_length !== null)) {
        const lengths = new Map(live.map((m) => [m.source_offset, m.source_length as number])); // shared bytes count once
        const liveBytes = [...lengths.values()].reduce((sum, length) => sum + length, 0);
        const size = this.files.size(file) ?? 0;
        try {
          if (liveBytes * 2 < size && this.repack(file, live as { id: number; source_offset: number; source_length: number }[])) removed++;
        } catch {
          // Left as it is (the disk may be full): nothing is lost, only space.
        }
      }
      done.run(file);
    }
    return removed;
  }

  /**
   * Moves the live messages of a pack into a new one, then removes the old
   * pack; false when it could not. Rows sharing one message's bytes (a Gmail
   * message's rows in several folders) keep sharing one copy.
   */
  private repack(file: string, live: readonly { id: number; source_offset: number; source_length: number }[]): boolean {
    const byOffset = new Map<number, number>(); // offset in the old pack -> its length
    for (const m of live) byOffset.set(m.source_offset, m.source_length);
    const offsets = [...byOffset.keys()];
    const raws: Buffer[] = [];
    for (const offset of offsets) {
      const raw = this.files.read({ file, offset, length: byOffset.get(offset) as number });
      if (!raw) return false; // damaged: readers will find out and fetch again
      raws.push(raw);
    }
    const refs = this.files.writePackSync(raws);
    const stillThere = transaction(this.db, () => {
      const move = sql(this.db, 'UPDATE messages SET source_file = ?, source_offset = ? WHERE source_file = ? AND source_offset = ?');
      let moved = 0;
      offsets.forEach((offset, i) => {
        const ref = refs[i] as SourceRef;
        moved += Number(move.run(ref.file, ref.offset, file, offset).changes);
      });
      return moved;
    });
    if (stillThere === 0) this.files.remove((refs[0] as SourceRef).file);
    // Rows were moved in one transaction: none names the old pack now, unless
    // one was written meanwhile (never: pack names are not handed out twice).
    this.files.remove(file);
    return true;
  }

  /**
   * Removes source files that no message refers to: left by a crash between
   * writing a pack and committing its rows. A file younger than `graceMs` is
   * left alone: it may be one being committed right now (the main thread
   * stores the Sent copy of a message it sent, even while this runs); a
   * crash's leftover goes at a later start.
   */
  sweepOrphans(graceMs = 60_000): number {
    const files = this.files.list();
    // Rows read after the listing: a file committed meanwhile is known.
    const known = new Set(
      (sql(this.db, 'SELECT DISTINCT source_file FROM messages WHERE source_file IS NOT NULL').all() as { source_file: string }[]).map(
        (row) => row.source_file,
      ),
    );
    const before = Date.now() - graceMs;
    let removed = 0;
    for (const file of files) {
      if (known.has(file) || (this.files.modifiedAt(file) ?? 0) > before) continue;
      this.files.remove(file);
      removed++;
    }
    return removed;
  }
}
